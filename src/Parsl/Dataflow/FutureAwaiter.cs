using System.ComponentModel;
using System.Runtime.CompilerServices;
using Parsl.Dataflow;

namespace Parsl;

/// <summary>Awaiter for <see cref="AppFuture"/>; continuations run on the .NET thread pool, never on a worker.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FutureAwaiter : ICriticalNotifyCompletion
{
    private readonly AppFuture _future;

    internal FutureAwaiter(AppFuture future) => _future = future;

    /// <summary>True when the future has completed.</summary>
    public bool IsCompleted => _future.IsCompleted;

    /// <summary>Throws the task's exception if it failed.</summary>
    public void GetResult() => _future.ThrowIfFailed();

    /// <inheritdoc />
    public void OnCompleted(Action continuation) => _future.AddContinuation(ExecutionContextFlow.Wrap(continuation));

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation) => _future.AddContinuation(continuation);
}

/// <summary>Awaiter for <see cref="AppFuture{T}"/>; continuations run on the .NET thread pool, never on a worker.</summary>
/// <typeparam name="T">The result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct FutureAwaiter<T> : ICriticalNotifyCompletion
{
    private readonly AppFuture<T> _future;

    internal FutureAwaiter(AppFuture<T> future) => _future = future;

    /// <summary>True when the future has completed.</summary>
    public bool IsCompleted => _future.IsCompleted;

    /// <summary>The result, or the task's exception.</summary>
    public T GetResult() => _future.GetCompletedResult();

    /// <inheritdoc />
    public void OnCompleted(Action continuation) => _future.AddContinuation(ExecutionContextFlow.Wrap(continuation));

    /// <inheritdoc />
    public void UnsafeOnCompleted(Action continuation) => _future.AddContinuation(continuation);
}
