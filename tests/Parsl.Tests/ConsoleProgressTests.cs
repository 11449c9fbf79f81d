using Parsl.Executors;
using Parsl.Monitoring;
using Spectre.Console.Testing;

namespace Parsl.Tests;

/// <summary>The console progress view, drawn into Spectre.Console's test console: the live table and the plain lines.</summary>
public sealed class ConsoleProgressTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-progress-").FullName;

    private async Task RunAsync(ConsoleProgress progress)
    {
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", 2)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            PrintFailureReport = false,
            Observers = [progress],
        });
        var doubled = Enumerable.Range(1, 6).Select(i => MonitoredApps.DoubleAsync(i)).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await MonitoredApps.FailAsync(7));
        await MonitoredApps.TripleAsync(2);
        await MonitoredApps.TripleAsync(2); // from the memo table
        foreach (var future in doubled)
            await future;
    }

    [Fact]
    public async Task On_a_terminal_a_live_table_shows_each_app_its_counts_and_the_failure()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 160;
        using var progress = new ConsoleProgress(console, live: true) { Refresh = TimeSpan.FromMilliseconds(20) };

        await RunAsync(progress);

        var output = console.Output;
        var rows = output.Split('\n');
        // The last picture: one row per app with its final counts (pending, running, done, failed).
        Assert.Contains(rows, row => Cells(row) is ["Double", "0", "0", "6", "0"]);
        Assert.Contains(rows, row => Cells(row) is ["Fail", "0", "0", "0", "1"]);
        Assert.Contains(rows, row => Cells(row) is ["Triple", "0", "0", "2 (1 cached)", "0"]);
        Assert.Contains("8/9 done, 1 failed, 0 running, 0 pending", output, StringComparison.Ordinal);
        Assert.Contains("task 7 (Fail) failed: InvalidOperationException: bad input 7", output, StringComparison.Ordinal);
        Assert.Contains("parsl: 9 tasks: 8 done (1 from cache), 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elsewhere_plain_lines_tell_each_failure_and_a_periodic_summary()
    {
        var console = new TestConsole();
        using var progress = new ConsoleProgress(console, live: false) { Interval = TimeSpan.FromMilliseconds(20) };

        await RunAsync(progress);

        var lines = console.Lines.Where(line => line.Length > 0).ToList();
        Assert.All(lines, line => Assert.StartsWith("parsl: ", line, StringComparison.Ordinal));
        Assert.Single(lines, line => line == "parsl: task 7 (Fail) failed: InvalidOperationException: bad input 7");
        Assert.StartsWith("parsl: 8/9 done, 1 failed, 0 running, 0 pending · ", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("parsl: 9 tasks: 8 done (1 from cache), 1 failed", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Contains('\u001b', StringComparison.Ordinal)); // no escape codes in a log
    }

    [Fact]
    public async Task A_second_run_with_the_same_config_starts_its_counts_afresh()
    {
        var console = new TestConsole();
        using var progress = new ConsoleProgress(console, live: false) { Interval = TimeSpan.FromMinutes(5) };

        await RunAsync(progress);
        await RunAsync(progress);

        var summaries = console.Lines.Where(line => line.StartsWith("parsl: 8/9 done, 1 failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, summaries.Count); // one final line per run, and 9 tasks each, not 18
    }

    /// <summary>A table row's cells, trimmed: "│ Double │ 0 │ …" → ["Double", "0", …].</summary>
    private static string[] Cells(string row) =>
        [.. row.Split('│', StringSplitOptions.RemoveEmptyEntries).Select(cell => cell.Trim()).Where(cell => cell.Length > 0)];

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
