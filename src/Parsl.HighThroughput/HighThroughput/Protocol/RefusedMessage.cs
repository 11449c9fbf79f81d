namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>Interchange → manager: why it was not let in, or was declared lost; the manager logs it and exits.</summary>
internal readonly record struct RefusedMessage(string Reason) : IProtocolMessage
{
    public static MessageKind Kind => MessageKind.Refused;

    public void WriteBody(WireWriter writer) => writer.Write(Reason);

    public static RefusedMessage ReadBody(ref WireReader reader)
    {
        var message = new RefusedMessage(reader.ReadString() ?? "");
        reader.EnsureEnd();
        return message;
    }
}
