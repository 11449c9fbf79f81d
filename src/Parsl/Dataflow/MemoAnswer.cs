namespace Parsl.Dataflow;

/// <summary>What the memo table says to a cached call (see <see cref="MemoLookup"/>).</summary>
internal readonly struct MemoAnswer<T>
{
    private MemoAnswer(MemoVerdict verdict, AppFuture<T>? owner, T result, Exception? failure, bool fromCheckpoint = false) =>
        (Verdict, Owner, Result, Failure, FromCheckpoint) = (verdict, owner, result, failure, fromCheckpoint);

    public MemoVerdict Verdict { get; }

    /// <summary>The identical call in flight, for <see cref="MemoVerdict.Follow"/>.</summary>
    public AppFuture<T>? Owner { get; }

    /// <summary>The stored result, for <see cref="MemoVerdict.Result"/>.</summary>
    public T Result { get; }

    /// <summary>The stored failure, for <see cref="MemoVerdict.Failure"/>.</summary>
    public Exception? Failure { get; }

    /// <summary>True when the stored result or failure came from a checkpoint of an earlier run.</summary>
    public bool FromCheckpoint { get; }

    public static MemoAnswer<T> Run => default;

    public static MemoAnswer<T> Follow(AppFuture<T> owner) => new(MemoVerdict.Follow, owner, default!, null);

    public static MemoAnswer<T> Succeeded(T result, bool fromCheckpoint = false) => new(MemoVerdict.Result, null, result, null, fromCheckpoint);

    public static MemoAnswer<T> Failed(Exception failure, bool fromCheckpoint = false) => new(MemoVerdict.Failure, null, default!, failure, fromCheckpoint);
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
}
