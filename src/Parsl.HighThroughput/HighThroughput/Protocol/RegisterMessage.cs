namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>
/// Manager → interchange, first: the protocol version and the run's token, then who the manager is. A body of another
/// version is read no further than its version (<see cref="Speaks"/> false), so any later layout can be refused.
/// </summary>
internal readonly record struct RegisterMessage(int Version, byte[] Token, string BlockId, string Host, int Pid, int Workers, int Prefetch) : IProtocolMessage
{
    public static MessageKind Kind => MessageKind.Register;

    /// <summary>True when the sender speaks this build's protocol (and the rest was read).</summary>
    public bool Speaks => Version == WireProtocol.Version;

    public void WriteBody(WireWriter writer)
    {
        writer.Write(Version);
        writer.Write((ReadOnlySpan<byte>)Token);
        writer.Write(BlockId);
        writer.Write(Host);
        writer.Write(Pid);
        writer.Write(Workers);
        writer.Write(Prefetch);
    }

    public static RegisterMessage ReadBody(ref WireReader reader)
    {
        var version = reader.ReadInt32();
        if (version != WireProtocol.Version)
            return new RegisterMessage(version, [], "", "", 0, 0, 0);
        var message = new RegisterMessage(version, reader.ReadBytes().ToArray(), reader.ReadString() ?? "", reader.ReadString() ?? "",
            reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        reader.EnsureEnd();
        if (message.Workers is < 1 or > 100_000 || message.Prefetch is < 0 or > 1_000_000)
            throw new WireFormatException($"a manager announced {message.Workers} workers and a prefetch of {message.Prefetch}");
        return message;
    }
}
