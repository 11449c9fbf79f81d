namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>Manager → worker: skip this dispatch if it waits, cancel its token if it runs (the manager kills the worker past the grace period).</summary>
internal readonly record struct StopTaskMessage(long DispatchId) : IProtocolMessage
{
    public static MessageKind Kind => MessageKind.StopTask;

    public void WriteBody(WireWriter writer) => writer.Write(DispatchId);

    public static StopTaskMessage ReadBody(ref WireReader reader)
    {
        var message = new StopTaskMessage(reader.ReadInt64());
        reader.EnsureEnd();
        return message;
    }
}
