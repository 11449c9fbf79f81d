namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>
/// How one try ended, as a worker writes it and the interchange reads it (a manager passes it on unread, or writes a
/// lost worker's itself): its <see cref="OutcomeStatus"/>, then the result, the failure or the detail, then, when the
/// worker measured it, the try's <see cref="WorkerUsage"/>. Read in place: <see cref="Result"/> points into the frame.
/// </summary>
internal readonly ref struct Outcome
{
    private Outcome(OutcomeStatus status, ReadOnlySpan<byte> result, RemoteFailure? failure, string? detail)
    {
        Status = status;
        Result = result;
        Failure = failure;
        Detail = detail;
    }

    /// <summary>What the try cost its worker, when it was measured.</summary>
    public WorkerUsage? Usage { get; private init; }

    public OutcomeStatus Status { get; }

    /// <summary>The encoded result, for <see cref="OutcomeStatus.Succeeded"/>.</summary>
    public ReadOnlySpan<byte> Result { get; }

    /// <summary>What the app threw, for <see cref="OutcomeStatus.Failed"/>.</summary>
    public RemoteFailure? Failure { get; }

    /// <summary>How the worker died, for <see cref="OutcomeStatus.WorkerLost"/>.</summary>
    public string? Detail { get; }

    public static void WriteSucceeded(WireWriter writer, ReadOnlySpan<byte> result)
    {
        writer.Write((byte)OutcomeStatus.Succeeded);
        writer.Write(result);
    }

    public static void WriteFailed(WireWriter writer, RemoteFailure failure)
    {
        writer.Write((byte)OutcomeStatus.Failed);
        failure.WriteTo(writer);
    }

    public static void WriteCancelled(WireWriter writer) => writer.Write((byte)OutcomeStatus.Cancelled);

    public static void WriteWorkerLost(WireWriter writer, string detail)
    {
        writer.Write((byte)OutcomeStatus.WorkerLost);
        writer.Write(detail);
    }

    /// <summary>Ends an outcome just written with what the try cost its worker; an outcome without it ends after its status's part.</summary>
    public static void WriteUsage(WireWriter writer, WorkerUsage usage)
    {
        writer.Write(true);
        usage.WriteTo(writer);
    }

    /// <summary>Reads a whole outcome (it is all of <paramref name="body"/>).</summary>
    public static Outcome Read(ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        var status = (OutcomeStatus)reader.ReadByte();
        var outcome = status switch
        {
            OutcomeStatus.Succeeded => new Outcome(status, reader.ReadBytes(), null, null),
            OutcomeStatus.Failed => new Outcome(status, default, RemoteFailure.ReadFrom(ref reader), null),
            OutcomeStatus.Cancelled => new Outcome(status, default, null, null),
            OutcomeStatus.WorkerLost => new Outcome(status, default, null, reader.ReadString() ?? "the worker died"),
            _ => throw new WireFormatException($"outcome status {(byte)status} is unknown"),
        };
        if (reader.Remaining > 0 && reader.ReadBoolean())
            outcome = outcome with { Usage = WorkerUsage.ReadFrom(ref reader) };
        reader.EnsureEnd();
        return outcome;
    }
}
