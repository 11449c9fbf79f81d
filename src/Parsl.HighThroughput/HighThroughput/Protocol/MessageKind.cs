namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>The first byte of every message between the interchange, its managers and their workers: which message follows.</summary>
internal enum MessageKind : byte
{
    // Manager → interchange
    /// <summary><see cref="RegisterMessage"/>: a manager asks to be let in.</summary>
    Register = 1,

    /// <summary><see cref="ProgressMessage"/>: tries that started, and how others ended.</summary>
    Progress = 2,

    /// <summary><see cref="ManagerBeatMessage"/>: the manager is alive.</summary>
    ManagerBeat = 3,

    /// <summary>No body: the manager is leaving (shutdown, or it lost contact).</summary>
    Goodbye = 4,

    // Interchange → manager
    /// <summary><see cref="WelcomeMessage"/>: the manager is let in.</summary>
    Welcome = 10,

    /// <summary><see cref="DispatchBatch"/>: tries for the manager to run.</summary>
    Tasks = 11,

    /// <summary><see cref="CancelMessage"/>: a try the manager holds is cancelled.</summary>
    Cancel = 12,

    /// <summary>No body: the interchange is alive.</summary>
    InterchangeBeat = 13,

    /// <summary>No body: the manager is to stop, with its workers.</summary>
    Shutdown = 14,

    /// <summary><see cref="RefusedMessage"/>: the manager was not let in (or was declared lost) and must go.</summary>
    Refused = 15,

    // Worker → manager
    /// <summary><see cref="ReadyMessage"/>: a worker has loaded the workflow and takes tries.</summary>
    Ready = 20,

    /// <summary><see cref="ProgressMessage"/>: the worker's try started, or ended.</summary>
    WorkerProgress = 21,

    // Manager → worker
    /// <summary><see cref="DispatchBatch"/>: tries for the worker, run in order.</summary>
    Run = 30,

    /// <summary><see cref="StopTaskMessage"/>: a try the worker holds is to stop.</summary>
    StopTask = 31,

    /// <summary>No body: the worker is to exit after its current try.</summary>
    Exit = 32,
}
