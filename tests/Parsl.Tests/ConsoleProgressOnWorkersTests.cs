using System.Globalization;
using System.Text.RegularExpressions;
using Parsl.Monitoring;
using Spectre.Console.Testing;

namespace Parsl.Tests;

/// <summary>
/// The console progress view of a run on worker processes (a local block of two), while two tasks are held by a gate
/// after four have finished: throughput, the time left, and the block and its workers, in the live table and in the
/// plain lines.
/// </summary>
public sealed partial class ConsoleProgressOnWorkersTests : HtexRunTest
{
    [Fact]
    public async Task On_a_terminal_the_live_table_shows_throughput_time_left_blocks_and_workers()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 200;
        using var progress = new ConsoleProgress(console, live: true) { Refresh = TimeSpan.FromMilliseconds(20) };

        await RunHoldingTwoAsync(progress, () => Unwrapped(OutputSoFar(console)));

        var output = Unwrapped(console.Output);
        AssertTimeLeftFollowsThroughput(output);
        Assert.Contains("6/6 done, 0 failed, 0 running, 0 pending", output, StringComparison.Ordinal);
        Assert.Contains("parsl: 6 tasks: 6 done", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Elsewhere_the_summary_lines_show_throughput_time_left_blocks_and_workers()
    {
        var console = new TestConsole();
        using var progress = new ConsoleProgress(console, live: false) { Interval = TimeSpan.FromMilliseconds(20) };

        await RunHoldingTwoAsync(progress, () => OutputSoFar(console));

        var lines = console.Lines.Where(line => line.Length > 0).ToList();
        Assert.All(lines, line => Assert.StartsWith("parsl: ", line, StringComparison.Ordinal));
        AssertTimeLeftFollowsThroughput(string.Join('\n', lines));
        // Nothing is left at the end, so no time left is told.
        Assert.Matches(@"^parsl: 6/6 done, 0 failed, 0 running, 0 pending · \d+(\.\d)? tasks/s( · \d+ blocks, \d+ workers)?$", lines[^2]);
        Assert.StartsWith("parsl: 6 tasks: 6 done", lines[^1], StringComparison.Ordinal);
    }

    /// <summary>
    /// Four quick tasks, then two held until a gate opens; the gate opens once the view has shown the held two with a
    /// throughput and the time left (a state, not a clock, decides).
    /// </summary>
    private async Task RunHoldingTwoAsync(ConsoleProgress progress, Func<string> output)
    {
        var gate = Path.Combine(RunDirectory, "..", "release-the-held-tasks");
        var kernel = await LoadAsync(Htex(blocks: 1, workers: 2), observers: [progress]);
        foreach (var quick in Enumerable.Range(0, 4).Select(i => HtexApps.IncrementAsync(i)).ToList())
            await quick;
        List<AppFuture<int>> held = [HtexApps.HoldUntilAsync(gate, 1), HtexApps.HoldUntilAsync(gate, 2)];
        try
        {
            await Poll.UntilAsync(() => WhileHeld().IsMatch(output()), TimeSpan.FromSeconds(60),
                "the view to show the two held tasks with a throughput, the time left, the block and its two workers");
        }
        finally
        {
            await File.WriteAllTextAsync(gate, "");
        }
        foreach (var future in held)
            await future;
        await kernel.DisposeAsync();
        await AssertNoProcessLeftAsync();
    }

    /// <summary>Every headline drawn while two tasks were held tells a time left that is what remains over the throughput
    /// it shows (to the rounding of the throughput's one decimal), with the block and its workers.</summary>
    private static void AssertTimeLeftFollowsThroughput(string output)
    {
        var headlines = WhileHeld().Matches(output);
        Assert.NotEmpty(headlines);
        foreach (Match headline in headlines)
        {
            var rate = double.Parse(headline.Groups["rate"].Value, CultureInfo.InvariantCulture);
            var left = TimeSpan.Parse(headline.Groups["left"].Value, CultureInfo.InvariantCulture).TotalSeconds;
            Assert.True(rate > 0, headline.Value);
            var fewest = Math.Ceiling(2 / (rate + 0.05));
            var most = rate > 0.05 ? Math.Ceiling(2 / (rate - 0.05)) : double.PositiveInfinity;
            Assert.True(left >= fewest && left <= most, $"{left} s left for 2 tasks at {rate} tasks/s: {headline.Value}");
        }
    }

    /// <summary>TestConsole's output is a StringWriter that the view's thread appends to while the test reads it: a read
    /// that races an append can throw, and the next poll reads again.</summary>
    private static string OutputSoFar(TestConsole console)
    {
        try
        {
            return console.Output;
        }
        catch (ArgumentOutOfRangeException)
        {
            return "";
        }
    }

    /// <summary>The live table's caption (the headline) wraps at the table's width: with each run of white space made one
    /// space, every headline reads whole again.</summary>
    private static string Unwrapped(string output) => Whitespace().Replace(output, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>"4/6 done, 0 failed, 2 running, 0 pending · 1.3 tasks/s · about 0:00:02 left · 1 blocks, 2 workers".</summary>
    [GeneratedRegex(@"4/6 done, 0 failed, \d running, \d pending · (?<rate>\d+(\.\d)?) tasks/s · about (?<left>\d+:\d\d:\d\d) left · 1 blocks, 2 workers")]
    private static partial Regex WhileHeld();
}
