namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>Interchange → manager: the try sent as this dispatch is cancelled (walltime, or the run's cancellation).</summary>
internal readonly record struct CancelMessage(long DispatchId) : IProtocolMessage
{
    public static MessageKind Kind => MessageKind.Cancel;

    public void WriteBody(WireWriter writer) => writer.Write(DispatchId);

    public static CancelMessage ReadBody(ref WireReader reader)
    {
        var message = new CancelMessage(reader.ReadInt64());
        reader.EnsureEnd();
        return message;
    }
}
