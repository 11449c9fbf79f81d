namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>A message with a body: its kind, and how it writes that body (its reader is the type's static <c>ReadBody</c>).</summary>
internal interface IProtocolMessage
{
    static abstract MessageKind Kind { get; }

    void WriteBody(WireWriter writer);
}
