using System.Diagnostics;

namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>
/// The layout of <see cref="MessageKind.Progress"/> (manager → interchange) and <see cref="MessageKind.WorkerProgress"/>
/// (worker → manager): (dispatch id, how long ago) pairs for tries that started, then (dispatch id,
/// <see cref="Outcome"/>) pairs for tries that ended, each outcome length-prefixed so that a manager passes a worker's
/// on without reading it. Collected as things happen and sent as one message, so short tries travel in batches. A start
/// says how long before the message was written it happened (measured on one machine's monotonic clock, so no two
/// clocks need agree): a start reported late, or with its outcome, is still recorded when it happened.
/// </summary>
internal sealed class ProgressMessage
{
    private readonly List<(long DispatchId, long Timestamp)> _started = []; // Stopwatch timestamps of this process
    private readonly WireWriter _outcomes = new(4096);
    private int _ended;

    /// <summary>True when nothing was collected since the last <see cref="Clear"/>.</summary>
    public bool IsEmpty => _started.Count == 0 && _ended == 0;

    /// <summary>True when an outcome was collected since the last <see cref="Clear"/>.</summary>
    public bool HasOutcomes => _ended > 0;

    /// <summary>The bytes <see cref="WriteTo"/> would write now.</summary>
    public long Size => SizeOf(_started.Count, _outcomes.WrittenSpan.Length);

    /// <summary>The bytes of a message with <paramref name="starts"/> starts and <paramref name="outcomeBytes"/> of outcomes: the kind, two counts, 16 per start, the outcomes.</summary>
    public static long SizeOf(int starts, long outcomeBytes) => 1 + 4 + (16L * starts) + 4 + outcomeBytes;

    /// <summary>What <see cref="Ended"/> adds to <see cref="Size"/> for an outcome of <paramref name="length"/> bytes: its dispatch id and length too.</summary>
    public static long SizeOfOutcome(int length) => 8L + 4 + length;

    /// <summary>Adds a try that started <paramref name="ago"/> before now.</summary>
    public void Started(long dispatchId, TimeSpan ago) =>
        _started.Add((dispatchId, Stopwatch.GetTimestamp() - (long)(ago.TotalSeconds * Stopwatch.Frequency)));

    /// <summary>Adds an encoded outcome (see <see cref="Outcome"/>'s writers), or one as it was received (a worker's, passed on by its manager).</summary>
    public void Ended(long dispatchId, ReadOnlySpan<byte> outcome)
    {
        _outcomes.Write(dispatchId);
        _outcomes.Write(outcome);
        _ended++;
    }

    /// <summary>Writes the collected progress as one message of <paramref name="kind"/> into <paramref name="writer"/> (which is reset).</summary>
    public void WriteTo(WireWriter writer, MessageKind kind)
    {
        if (kind is not (MessageKind.Progress or MessageKind.WorkerProgress))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "only Progress and WorkerProgress carry progress");
        writer.Reset();
        writer.Write((byte)kind);
        writer.WriteLength(_started.Count);
        var now = Stopwatch.GetTimestamp();
        foreach (var (id, timestamp) in _started)
        {
            writer.Write(id);
            writer.Write(Stopwatch.GetElapsedTime(timestamp, now));
        }
        writer.WriteLength(_ended);
        writer.WriteRaw(_outcomes.WrittenSpan);
    }

    public void Clear()
    {
        _started.Clear();
        _outcomes.Reset();
        _ended = 0;
    }

    /// <summary>Reads a progress body, telling <paramref name="handler"/> of each start, then of each outcome (still encoded).</summary>
    public static void ReadBody<THandler>(ref WireReader reader, ref THandler handler) where THandler : IProgressHandler, allows ref struct
    {
        var started = reader.ReadLength(16);
        for (var i = 0; i < started; i++)
        {
            var id = reader.ReadInt64();
            var ago = reader.ReadTimeSpan();
            handler.Started(id, ago < TimeSpan.Zero ? TimeSpan.Zero : ago);
        }
        var ended = reader.ReadLength(12);
        for (var i = 0; i < ended; i++)
        {
            var id = reader.ReadInt64();
            handler.Ended(id, reader.ReadBytes());
        }
        reader.EnsureEnd();
    }
}
