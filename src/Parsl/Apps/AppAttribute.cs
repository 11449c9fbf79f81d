namespace Parsl;

/// <summary>
/// Marks a <c>static partial</c> method as a Parsl app. The source generator adds a companion
/// <c>NameAsync</c> method that accepts a value or a future for every parameter and returns an
/// <see cref="AppFuture{T}"/> at once; the task runs on an executor when all its inputs are done.
/// Calling the method itself runs the body synchronously, which keeps apps easy to unit-test.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AppAttribute : Attribute
{
    /// <summary>Labels of the executors this app may run on; empty means any executor in the config.</summary>
    public string[] Executors { get; set; } = [];

    /// <summary>Memoize results on the app's code and argument values.</summary>
    public bool Cache { get; set; }
}
