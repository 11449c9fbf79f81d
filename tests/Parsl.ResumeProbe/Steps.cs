using Parsl;

namespace Parsl.ResumeProbe;

/// <summary>Cached steps that leave a trace of every execution in executions.log.</summary>
public static partial class Steps
{
    // .NET's FileMode.Append seeks to the end at open rather than using O_APPEND: concurrent appends must take turns.
    private static readonly Lock s_log = new();

    /// <summary>Steps from this index on take a second, not 100 ms: the Ctrl-C test's window, on however busy a machine.</summary>
    public static int SlowFrom { get; set; } = int.MaxValue;

    [App(Cache = true)]
    public static partial long Step(int index)
    {
        Thread.Sleep(index >= SlowFrom ? 1000 : 100);
        lock (s_log)
            File.AppendAllText("executions.log", $"{index}\n");
        return (long)index * index;
    }

    [App(Cache = true)]
    public static partial long Sum(long[] values) => values.Sum();
}
