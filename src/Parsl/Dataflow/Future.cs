namespace Parsl;

/// <summary>
/// An app argument: a plain value, the future of another app's result, or a <see cref="Task{TResult}"/> made outside
/// Parsl. Generated stubs take <c>Future&lt;T&gt;</c> for every parameter, so callers pass any of them without ceremony;
/// a future or a task makes the new task wait for it.
/// </summary>
/// <typeparam name="T">The parameter type.</typeparam>
public readonly struct Future<T> : IAppArgument
{
    private readonly T _value;

    /// <summary>Wraps a plain value.</summary>
    public Future(T value)
    {
        _value = value;
        Source = null;
    }

    /// <summary>Wraps the future of another task.</summary>
    public Future(AppFuture<T> source)
    {
        ArgumentNullException.ThrowIfNull(source, nameof(source));
        _value = default!;
        Source = source;
    }

    /// <summary>The task this argument waits for, or null for a plain value.</summary>
    public AppFuture<T>? Source { get; }

    /// <summary>True when the argument is a future.</summary>
    public bool IsFuture => Source is not null;

    /// <summary>The argument's value; for a future, its result (valid only once the future has completed).</summary>
    public T Value => Source is null ? _value : Source.GetCompletedResult();

    /// <inheritdoc />
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex) => visitor.Visit(Source, parameterIndex);

    /// <summary>A plain value as an argument.</summary>
    public static implicit operator Future<T>(T value) => new(value);

    /// <summary>Another task's future as an argument.</summary>
    public static implicit operator Future<T>(AppFuture<T> future) => new(future);

    /// <summary>A task made outside Parsl as an argument: the app starts once it completes (see <see cref="AppFuture.FromTask{T}(Task{T}, string, int)"/>).</summary>
    public static implicit operator Future<T>(Task<T> task) => new(AppFuture.FromTask(task, "", 0));

    /// <summary>A value task made outside Parsl as an argument: the app starts once it completes.</summary>
    public static implicit operator Future<T>(ValueTask<T> task) => task.IsCompletedSuccessfully ? new(task.Result) : new(AppFuture.FromTask(task.AsTask(), "", 0));

    /// <inheritdoc />
    public override string ToString() => Source is null ? $"{_value}" : Source.ToString();
}
