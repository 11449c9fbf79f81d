using System.Collections.Concurrent;
using System.Globalization;

namespace Parsl.Tests;

/// <summary>Kill -9 a real workflow mid-run, run it again: what had finished does not run again, and the result is the same.</summary>
[Collection(BesideCollection.Name)]
public sealed class ResumeAfterKillTests : IDisposable
{
    private const int Steps = 40;
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("parsl-resume-").FullName;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    [Fact]
    public async Task Tasks_that_finished_before_a_kill_9_are_not_executed_again_and_the_result_is_identical()
    {
        // First run: wait until some tasks have finished, then SIGKILL the process: no chance to flush anything.
        var finishedBeforeKill = new ConcurrentBag<int>();
        using (var first = ChildProcess.Start("Parsl.ResumeProbe", _workingDirectory, Steps.ToString(CultureInfo.InvariantCulture)))
        {
            first.OutputDataReceived += (_, line) =>
            {
                if (line.Data?.StartsWith("done ", StringComparison.Ordinal) == true)
                    finishedBeforeKill.Add(int.Parse(line.Data[5..], CultureInfo.InvariantCulture));
            };
            first.BeginOutputReadLine();
            await Poll.UntilAsync(() => finishedBeforeKill.Count >= 10, TimeSpan.FromSeconds(60), "ten steps to finish");
            ChildProcess.Signal(first, ChildProcess.SigKill);
            await first.WaitForExitAsync();
        }
        var executedInFirstRun = Executions();
        Assert.True(executedInFirstRun.Count < Steps, "the first run finished before it was killed");

        // Second run: resumes from the latest checkpoint.
        using var second = ChildProcess.Start("Parsl.ResumeProbe", _workingDirectory, Steps.ToString(CultureInfo.InvariantCulture));
        var output = await second.StandardOutput.ReadToEndAsync();
        await second.WaitForExitAsync();
        Assert.True(second.ExitCode == 0, $"second run failed: {await second.StandardError.ReadToEndAsync()}");

        var executions = Executions();
        var expected = Enumerable.Range(0, Steps).Sum(i => (long)i * i);
        Assert.Contains($"result {expected} ", output);
        Assert.Equal(Enumerable.Range(0, Steps), executions.Keys.Order());
        foreach (var step in finishedBeforeKill)
            Assert.True(executions[step] == 1, $"step {step} finished before the kill but ran {executions[step]} times");
        var fromCache = int.Parse(output.Split("from-cache ")[1].Trim(), CultureInfo.InvariantCulture);
        Assert.True(fromCache >= finishedBeforeKill.Count, $"only {fromCache} results came from the checkpoint");
    }

    [Fact]
    public async Task Ctrl_C_writes_the_checkpoint_of_a_workflow_exit_run_before_exiting()
    {
        var finished = new ConcurrentBag<int>();
        // Steps after the sixth take a second each: the signal lands while the run is still going, however busy the machine.
        using (var first = ChildProcess.Start("Parsl.ResumeProbe", _workingDirectory, Steps.ToString(CultureInfo.InvariantCulture), "dfk_exit", "6"))
        {
            first.OutputDataReceived += (_, line) =>
            {
                if (line.Data?.StartsWith("done ", StringComparison.Ordinal) == true)
                    finished.Add(int.Parse(line.Data[5..], CultureInfo.InvariantCulture));
            };
            first.BeginOutputReadLine();
            await Poll.UntilAsync(() => finished.Count >= 6, TimeSpan.FromSeconds(60), "six steps to finish");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            ChildProcess.Signal(first, ChildProcess.SigInt);
            await first.WaitForExitAsync();
            Assert.Equal(130, first.ExitCode);
            Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(5)), $"exit took {clock.Elapsed}");
        }

        using var second = ChildProcess.Start("Parsl.ResumeProbe", _workingDirectory, Steps.ToString(CultureInfo.InvariantCulture), "dfk_exit");
        var output = await second.StandardOutput.ReadToEndAsync();
        await second.WaitForExitAsync();

        var executions = Executions();
        foreach (var step in finished)
            Assert.True(executions[step] == 1, $"step {step} finished before Ctrl-C but ran {executions[step]} times");
        Assert.Contains($"result {Enumerable.Range(0, Steps).Sum(i => (long)i * i)} ", output);
    }

    private Dictionary<int, int> Executions() =>
        File.ReadAllLines(Path.Combine(_workingDirectory, "executions.log"))
            .Where(line => line.Length > 0)
            .GroupBy(line => int.Parse(line, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());
}
