namespace Parsl.Events;

/// <summary>What a <see cref="RunEvent"/> reports. The numbers are stable: monitoring stores them.</summary>
public enum RunEventKind
{
    /// <summary>The kernel loaded its config and started its executors.</summary>
    RunStarted = 0,

    /// <summary>An app was called: a task exists (<see cref="RunEvent.Inputs"/> says how many futures it waits for).</summary>
    TaskSubmitted = 1,

    /// <summary>Every input of the task is done (or one failed, and the task will not run).</summary>
    DependenciesResolved = 2,

    /// <summary>The task was answered from the memo table or a checkpoint and will not run.</summary>
    MemoHit = 3,

    /// <summary>A try was handed to <see cref="RunEvent.Executor"/>.</summary>
    TryLaunched = 4,

    /// <summary>A try began to run (<see cref="RunEvent.Where"/> names the worker when the executor says).</summary>
    TryStarted = 5,

    /// <summary>A try returned its result.</summary>
    TrySucceeded = 6,

    /// <summary>A try failed with <see cref="RunEvent.Exception"/>; a retry or the task's failure follows.</summary>
    TryFailed = 7,

    /// <summary>The failed try gets another after <see cref="RunEvent.Delay"/>.</summary>
    RetryScheduled = 8,

    /// <summary>The task reached its final state (<see cref="RunEvent.State"/>: done, failed, dependency-failed or cancelled).</summary>
    TaskCompleted = 9,

    /// <summary>An executor asked its provider for a block (<see cref="RunEvent.Block"/>, <see cref="RunEvent.Job"/>).</summary>
    BlockRequested = 10,

    /// <summary>A block's first manager connected.</summary>
    BlockStarted = 11,

    /// <summary>A block failed to start (<see cref="RunEvent.Message"/> says why) or was given up.</summary>
    BlockFailed = 12,

    /// <summary>A block was released (idle, or at shutdown).</summary>
    BlockReleased = 13,

    /// <summary>A manager registered (<see cref="RunEvent.Where"/> names it and its host).</summary>
    ManagerConnected = 14,

    /// <summary>A manager went silent past the heartbeat threshold, or its connection ended.</summary>
    ManagerLost = 15,

    /// <summary>The run ended; nothing follows.</summary>
    RunFinished = 16,

    /// <summary>The kernel began fetching a remote file that apps read (<see cref="RunEvent.File"/>; <see cref="RunEvent.Where"/>
    /// is the local copy), once per URL however many apps read it.</summary>
    StageInStarted = 17,

    /// <summary>A remote file is here (<see cref="RunEvent.State"/> Done; <see cref="RunEvent.Message"/> says whether it was
    /// fetched or an earlier run's copy was current) or could not be fetched (Failed, with the exception).</summary>
    StageInFinished = 18,

    /// <summary>The kernel began sending a file an app wrote to its URL (<see cref="RunEvent.File"/>).</summary>
    StageOutStarted = 19,

    /// <summary>A written file reached its URL (Done), or could not be sent (Failed, with the exception).</summary>
    StageOutFinished = 20,
}
