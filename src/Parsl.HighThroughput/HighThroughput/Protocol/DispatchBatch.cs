namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>
/// The layout of <see cref="MessageKind.Tasks"/> (interchange → manager) and <see cref="MessageKind.Run"/> (manager →
/// worker): a count, then that many <see cref="DispatchMessage"/>s. Written one dispatch at a time, as a sender finds
/// room for them, and the count set at the end.
/// </summary>
internal struct DispatchBatch
{
    private readonly WireWriter _writer;
    private readonly int _countAt;

    /// <summary>Starts a batch of <paramref name="kind"/> in <paramref name="writer"/> (which is reset).</summary>
    public DispatchBatch(WireWriter writer, MessageKind kind)
    {
        if (kind is not (MessageKind.Tasks or MessageKind.Run))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "only Tasks and Run carry dispatches");
        _writer = writer;
        writer.Reset();
        writer.Write((byte)kind);
        _countAt = writer.Length;
        writer.Write(0);
    }

    /// <summary>How many dispatches the batch holds.</summary>
    public int Count { get; private set; }

    public void Add(DispatchMessage dispatch)
    {
        dispatch.WriteTo(_writer);
        Count++;
    }

    /// <summary>The finished frame.</summary>
    public readonly byte[] ToFrame()
    {
        _writer.Patch(_countAt, Count);
        return _writer.ToArray();
    }

    /// <summary>Writes the count; the frame is then the writer's <see cref="WireWriter.WrittenSpan"/>.</summary>
    public readonly void Finish() => _writer.Patch(_countAt, Count);

    /// <summary>Reads a batch's body, handing each dispatch to <paramref name="take"/> in order.</summary>
    public static void ReadBody(ref WireReader reader, Action<DispatchMessage> take)
    {
        var count = reader.ReadLength(16);
        for (var i = 0; i < count; i++)
            take(DispatchMessage.ReadFrom(ref reader));
        reader.EnsureEnd();
    }
}
