namespace Parsl.Tests;

/// <summary>
/// A signal while a run shuts down. After a first signal, a second Ctrl-C is someone who will not wait, and ends the
/// process at once; a SIGHUP is not (a hang-up often comes twice, from the kernel and from the shell), and the shutdown
/// goes on to its end: the run's last log line, its summary and the first signal's exit code. While the script's own
/// disposal waits for its last tasks, a Ctrl-C cancels them and ends the run in order, as during the run.
/// </summary>
public sealed class SignalDuringShutdownTests
{
    [Theory]
    [InlineData("SIGHUP", "SIGHUP", true)]
    [InlineData("Ctrl-C", "SIGHUP", true)]
    [InlineData("Ctrl-C", "Ctrl-C", false)]
    public async Task A_second_signal_cuts_the_shutdown_short_only_when_someone_sent_it(string first, string second, bool shutdownFinishes)
    {
        using var run = StubbornRun.Start("awaited");
        await run.WaitForAsync("asleep");

        run.Signal(first);
        await Poll.UntilAsync(() => run.Log.Contains($"Cancellation requested ({first})", StringComparison.Ordinal) || run.Process.HasExited,
            TestTimings.Scaled(TimeSpan.FromSeconds(30)), "the run to log its cancellation");
        if (run.Process.HasExited)
            Assert.Fail($"the run ended before its shutdown could be interrupted (exit code {run.Process.ExitCode}): {await run.Stderr}");
        run.Signal(second);

        await run.WaitForExitAsync();
        Assert.Equal(StubbornRun.ExitCode(first), run.Process.ExitCode);
        if (shutdownFinishes)
        {
            Assert.Contains("Run finished in", run.Log, StringComparison.Ordinal);
            Assert.StartsWith($"parsl: {first}: cancelled the run after", await run.Stderr, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("Run finished in", run.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("cancelled the run after", await run.Stderr, StringComparison.Ordinal);
        }
        await run.WaitForItsCommandToEndAsync();
    }

    [Fact]
    public async Task Ctrl_C_while_the_script_waits_for_its_last_tasks_cancels_them_and_ends_the_run_in_order()
    {
        using var run = StubbornRun.Start("left");
        await run.WaitForAsync("disposing");

        run.Signal("Ctrl-C");

        await run.WaitForExitAsync();
        Assert.Equal(130, run.Process.ExitCode);
        Assert.Contains("Cancellation requested (Ctrl-C)", run.Log, StringComparison.Ordinal);
        Assert.Contains("Run finished in", run.Log, StringComparison.Ordinal);
        Assert.StartsWith("parsl: Ctrl-C: cancelled the run after", await run.Stderr, StringComparison.Ordinal);
        await run.WaitForItsCommandToEndAsync();
    }
}
