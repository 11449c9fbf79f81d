namespace Parsl.Dataflow;

/// <summary>What the memo table says to a cached call (see <see cref="MemoLookup"/>).</summary>
internal readonly struct MemoAnswer<T>
{
    private MemoAnswer(MemoVerdict verdict, AppFuture<T>? owner, T result, Exception? failure) =>
        (Verdict, Owner, Result, Failure) = (verdict, owner, result, failure);

    public MemoVerdict Verdict { get; }

    /// <summary>The identical call in flight, for <see cref="MemoVerdict.Follow"/>.</summary>
    public AppFuture<T>? Owner { get; }

    /// <summary>The stored result, for <see cref="MemoVerdict.Result"/>.</summary>
    public T Result { get; }

    /// <summary>The stored failure, for <see cref="MemoVerdict.Failure"/>.</summary>
    public Exception? Failure { get; }

    /// <summary>True when the stored result or failure came from a checkpoint of an earlier run (a verdict of its own, so
    /// the answer, returned on every memo hit, stays four fields wide).</summary>
    public bool FromCheckpoint => Verdict is MemoVerdict.CheckpointResult or MemoVerdict.CheckpointFailure;

    public static MemoAnswer<T> Run => default;

    public static MemoAnswer<T> Follow(AppFuture<T> owner) => new(MemoVerdict.Follow, owner, default!, null);

    public static MemoAnswer<T> Succeeded(T result, bool fromCheckpoint = false) =>
        new(fromCheckpoint ? MemoVerdict.CheckpointResult : MemoVerdict.Result, null, result, null);

    public static MemoAnswer<T> Failed(Exception failure, bool fromCheckpoint = false) =>
        new(fromCheckpoint ? MemoVerdict.CheckpointFailure : MemoVerdict.Failure, null, default!, failure);
}

/// <summary>How a cached call is answered.</summary>
internal enum MemoVerdict
{
    /// <summary>Nobody answers it: the call owns its key now, and runs.</summary>
    Run,

    /// <summary>An identical call is in flight: this one completes as that one does.</summary>
    Follow,

    /// <summary>Answered with a stored result, without running.</summary>
    Result,

    /// <summary>Answered with a stored failure (the app caches failures), without running.</summary>
    Failure,

    /// <summary>As <see cref="Result"/>, from a checkpoint of an earlier run.</summary>
    CheckpointResult,

    /// <summary>As <see cref="Failure"/>, from a checkpoint of an earlier run.</summary>
    CheckpointFailure,
}
