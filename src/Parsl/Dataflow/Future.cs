namespace Parsl;

/// <summary>
/// An app argument: either a plain value or the future of another app's result. Generated stubs take
/// <c>Future&lt;T&gt;</c> for every parameter, so callers pass either without ceremony; a future makes the new
/// task wait for it.
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

    /// <inheritdoc />
    public override string ToString() => Source is null ? $"{_value}" : Source.ToString();
}
