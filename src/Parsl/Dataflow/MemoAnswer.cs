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

    public static MemoAnswer<T> Run => default;

    public static MemoAnswer<T> Follow(AppFuture<T> owner) => new(MemoVerdict.Follow, owner, default!, null);

    public static MemoAnswer<T> Succeeded(T result) => new(MemoVerdict.Result, null, result, null);

    public static MemoAnswer<T> Failed(Exception failure) => new(MemoVerdict.Failure, null, default!, failure);
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
