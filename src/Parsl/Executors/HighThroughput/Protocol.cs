namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The messages between the interchange (in the workflow's process), the managers (one per block node) and their
/// workers. Each is one frame of the transport (a gRPC message or a ZeroMQ frame): a kind byte, then fields in the wire
/// format. The transport frames and encrypts; a manager or worker proves the run's token before anything else is read
/// from it.
/// </summary>
internal static class Protocol
{
    /// <summary>Bumped on any change to a message's layout; a manager of another version is refused with a clear log line.</summary>
    public const int Version = 2;

    // Manager → interchange
    public const byte Register = 1;      // version, token, block id, host, pid, workers, prefetch
    public const byte Progress = 2;      // started dispatch ids, then outcomes
    public const byte ManagerBeat = 3;   // running count
    public const byte Goodbye = 4;       // the manager is leaving (shutdown or lost contact)

    // Interchange → manager
    public const byte Welcome = 10;      // manager id
    public const byte Tasks = 11;        // dispatches
    public const byte Cancel = 12;       // dispatch id
    public const byte InterchangeBeat = 13;
    public const byte Shutdown = 14;
    public const byte Refused = 15;      // reason: the manager was not let in (wrong token or version, or its block was given up) and must go

    // Worker → manager
    public const byte Ready = 20;        // token, worker index, pid
    public const byte WorkerProgress = 21; // started dispatch ids, then (id, outcome body) pairs

    // Manager → worker
    public const byte Run = 30;          // dispatches, run in order
    public const byte StopTask = 31;     // dispatch id
    public const byte Exit = 32;
}

/// <summary>How a dispatched try ended, as a manager reports it.</summary>
internal enum OutcomeStatus : byte
{
    /// <summary>The app returned; the payload is its encoded result.</summary>
    Succeeded = 0,

    /// <summary>The app threw; a <see cref="RemoteFailure"/> follows.</summary>
    Failed = 1,

    /// <summary>The try was cancelled as asked (walltime or the run's cancellation).</summary>
    Cancelled = 2,

    /// <summary>The worker running it died; a detail string follows.</summary>
    WorkerLost = 3,
}

/// <summary>One try as it travels to a manager and on to a worker.</summary>
internal sealed record DispatchMessage(long DispatchId, long TaskId, string AppId, byte[] Arguments, string? Stdout, string? Stderr)
{
    public void WriteTo(WireWriter writer)
    {
        writer.Write(DispatchId);
        writer.Write(TaskId);
        writer.Write(AppId);
        writer.Write(Arguments);
        writer.Write(Stdout);
        writer.Write(Stderr);
    }

    public static DispatchMessage ReadFrom(ref WireReader reader) => new(
        reader.ReadInt64(), reader.ReadInt64(), reader.ReadString() ?? throw new WireFormatException("a task has no app id"),
        reader.ReadByteArray() ?? [], reader.ReadString(), reader.ReadString());
}
