namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>Manager → interchange, every heartbeat period: alive, with this many workers busy.</summary>
internal readonly record struct ManagerBeatMessage(int Busy) : IProtocolMessage
{
    public static MessageKind Kind => MessageKind.ManagerBeat;

    public void WriteBody(WireWriter writer) => writer.Write(Busy);

    public static ManagerBeatMessage ReadBody(ref WireReader reader)
    {
        var message = new ManagerBeatMessage(reader.ReadInt32());
        reader.EnsureEnd();
        return message;
    }
}
