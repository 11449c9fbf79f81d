namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>
/// Worker → manager, first: the protocol version, and the worker's process id (the manager checks it started that
/// process). A body of another version is read no further than its version (<see cref="Speaks"/> false).
/// </summary>
internal readonly record struct ReadyMessage(int Version, int Pid) : IProtocolMessage
{
    public static MessageKind Kind => MessageKind.Ready;

    /// <summary>True when the sender speaks this build's protocol (and the rest was read).</summary>
    public bool Speaks => Version == WireProtocol.Version;

    public void WriteBody(WireWriter writer)
    {
        writer.Write(Version);
        writer.Write(Pid);
    }

    public static ReadyMessage ReadBody(ref WireReader reader)
    {
        var version = reader.ReadInt32();
        if (version != WireProtocol.Version)
            return new ReadyMessage(version, 0);
        var message = new ReadyMessage(version, reader.ReadInt32());
        reader.EnsureEnd();
        return message;
    }
}
