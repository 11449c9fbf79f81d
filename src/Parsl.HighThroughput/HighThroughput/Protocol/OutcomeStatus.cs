namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>How a dispatched try ended: the first byte of an <see cref="Outcome"/>.</summary>
internal enum OutcomeStatus : byte
{
    /// <summary>The app returned; the encoded result follows.</summary>
    Succeeded = 0,

    /// <summary>The app threw (or the worker refused the try); a <see cref="RemoteFailure"/> follows.</summary>
    Failed = 1,

    /// <summary>The try was cancelled as asked (walltime or the run's cancellation).</summary>
    Cancelled = 2,

    /// <summary>The worker running it died; a detail string follows.</summary>
    WorkerLost = 3,
}
