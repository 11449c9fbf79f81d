namespace Parsl;

/// <summary>
/// Marks a <c>static partial</c> method that returns <see cref="AppFuture{T}"/> (usually by calling
/// other apps) as a join app: its future completes when the returned future does. Join apps let a
/// workflow decide its shape from results without blocking a worker on <see cref="AppFuture{T}.Result()"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class JoinAppAttribute : Attribute
{
    /// <summary>Labels of the executors this app may run on; empty means any executor in the config.</summary>
    public string[] Executors { get; set; } = [];
}
