using System.Collections.Concurrent;
using System.Globalization;

namespace Parsl.Tests;

/// <summary>Kill -9 a real workflow mid-run, run it again: what had finished does not run again, and the result is the same.</summary>
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
            await ChildProcess.WaitForAsync(() => finishedBeforeKill.Count >= 10, TimeSpan.FromSeconds(60), "ten steps to finish");
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

    private Dictionary<int, int> Executions() =>
        File.ReadAllLines(Path.Combine(_workingDirectory, "executions.log"))
            .Where(line => line.Length > 0)
            .GroupBy(line => int.Parse(line, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count());
}
