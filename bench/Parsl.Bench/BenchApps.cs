using Parsl;

namespace Parsl.Bench;

/// <summary>The smallest apps possible, so the figures measure the kernel and not the work.</summary>
public static partial class BenchApps
{
    [App]
    public static partial long Noop() => 0;

    /// <summary>A one-node MPI try of a no-op MPI program, under the launch prefix its manager prepares.</summary>
    [BashApp("$PARSL_MPI_PREFIX {program}", Nodes = 1)]
    public static partial BashResult MpiNoop(string program);

    /// <summary>A try that takes time and no CPU: Parsl's own traffic, without a launch.</summary>
    [BashApp("sleep {seconds}")]
    public static partial BashResult Sleep(string seconds);

    [App]
    public static partial long Next(long previous) => previous + 1;

    [App]
    public static partial byte[] Echo(byte[] payload) => payload;

    /// <summary>Busy for <paramref name="microseconds"/> of CPU time: a task that does something.</summary>
    [App]
    public static partial long Spin(int microseconds)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + microseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000;
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
        {
        }
        return microseconds;
    }

    /// <summary>The size of a (staged) file.</summary>
    [App]
    public static partial long Size(DataFile file) => new FileInfo(file.LocalPath!).Length;

    /// <summary>Creates its output file, empty: a hop of a chain through files.</summary>
    [App]
    public static partial long Touch(DataFile previous, [Output] DataFile next)
    {
        File.Create(next.Path).Dispose();
        return 0;
    }

    [App]
    public static partial long Sum(long[] values)
    {
        long total = 0;
        foreach (var value in values)
            total += value;
        return total;
    }

    [App]
    public static partial long Gate(ManualResetEventSlim gate)
    {
        gate.Wait();
        return 1;
    }

    /// <summary>How many times <see cref="GatedSquare"/> really ran.</summary>
    public static int GatedExecutions;

    [App(Cache = true)]
    public static partial long CachedSquare(long x) => x * x;

    [App(Cache = true)]
    public static partial long GatedSquare(long x, [IgnoreForCache] ManualResetEventSlim gate)
    {
        Interlocked.Increment(ref GatedExecutions);
        gate.Wait();
        return x * x;
    }

    [BashApp("true")]
    public static partial BashResult True();

    /// <summary>The head of the chain-failure scenario: throws once released.</summary>
    [App(Executors = ["local"])]
    public static partial long FailWhenReleased(ManualResetEventSlim release)
    {
        release.Wait();
        throw new InvalidOperationException("the head of the chain failed");
    }

    [App(Executors = ["local"])]
    public static partial long Released(ManualResetEventSlim release)
    {
        release.Wait();
        return 0;
    }

    /// <summary>A link of a chain on the executor that runs tries inside Submit.</summary>
    [App(Executors = ["inline"])]
    public static partial long InlineNext(long previous) => previous + 1;
}
