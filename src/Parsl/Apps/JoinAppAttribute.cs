namespace Parsl;

/// <summary>
/// Marks a <c>static partial</c> method that returns <see cref="AppFuture{T}"/> (usually by calling
/// other apps) as a join app: its future completes when the returned future does. Join apps let a
/// workflow decide its shape from results without blocking a worker on <see cref="AppFuture{T}.Result()"/>.
/// A join may also return a collection of futures (<c>AppFuture&lt;T&gt;[]</c>, <c>List&lt;AppFuture&lt;T&gt;&gt;</c>,
/// <c>IReadOnlyList&lt;AppFuture&lt;T&gt;&gt;</c>): its own future is then the collection of their results.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class JoinAppAttribute : Attribute
{
    /// <summary>Labels of the executors this app may run on; empty means any executor in the config.</summary>
    public string[] Executors { get; set; } = [];

    /// <summary>
    /// Memoize the join's result on its code and argument values, like <see cref="AppAttribute.Cache"/>: an identical
    /// later call (in this run, or in a checkpoint loaded from an earlier run) gets the result without running the body.
    /// </summary>
    public bool Cache { get; set; }
}
