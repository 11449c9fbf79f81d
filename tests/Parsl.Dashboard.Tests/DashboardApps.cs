namespace Parsl.Dashboard.Tests;

/// <summary>The apps and the workflow of the recorded runs the dashboard is tested against.</summary>
public static partial class DashboardApps
{
    [App]
    public static partial int Square(int x) => x * x;

    [App]
    public static partial int Fail(int x) => throw new InvalidOperationException($"bad input {x}");

    [App]
    public static partial int Add(int a, int b) => a + b;

    [App]
    public static partial int Sum(IReadOnlyList<int> values) => values.Sum();

    [BashApp("echo {message}; echo {message}-err >&2", Stdout = "{stdout}", Stderr = "{stderr}")]
    public static partial BashResult Say(string message, string stdout, string stderr);

    /// <summary>Squares, one failure and the task that depends on it, a bash app with output files, and their sum.</summary>
    [Workflow]
    public static (AppFuture<int> Sum, AppFuture<int> Skipped, AppFuture<BashResult> Said) Pipeline(int count, string outputs)
    {
        var squares = new List<AppFuture<int>>();
        for (var i = 1; i <= count; i++)
            squares.Add(SquareAsync(i));
        var broken = FailAsync(7);
        var skipped = AddAsync(broken, squares[0]);
        var said = SayAsync("hello", Path.Combine(outputs, "say.out"), Path.Combine(outputs, "say.err"));
        return (SumAsync(squares), skipped, said);
    }

    /// <summary>Keeps a CPU busy for about <paramref name="milliseconds"/> and holds a buffer, so its try has CPU time and memory to show.</summary>
    [App]
    public static partial long Crunch(int milliseconds)
    {
        var buffer = new byte[16 * 1024 * 1024];
        Array.Fill(buffer, (byte)1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long sum = 0;
        while (clock.ElapsedMilliseconds < milliseconds)
            for (var i = 0; i < buffer.Length; i += 4096)
                sum += buffer[i];
        return sum;
    }

    /// <summary>What the live run's apps wait on: the test lets them finish one at a time.</summary>
    public static readonly SemaphoreSlim Gate = new(0);

    [App]
    public static partial int Gated(int i)
    {
        Gate.Wait(TimeSpan.FromMinutes(2));
        return i;
    }
}
