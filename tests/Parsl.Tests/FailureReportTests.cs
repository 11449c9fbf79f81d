namespace Parsl.Tests;

public sealed class FailureReportTests : KernelTest
{
    [Fact]
    public async Task The_report_groups_failures_by_app_with_the_call_site_and_the_skipped_chain()
    {
        var (failures, line) = (Enumerable.Range(0, 3).Select(i => TestApps.FailAsync($"bad input {i}")).ToArray(), Line());
        var skipped = failures.Select(f => TestApps.IncrementAsync(f)).ToArray();
        var deeper = TestApps.IncrementAsync(skipped[0]);
        await Kernel.WaitForCurrentTasksAsync();

        var report = Kernel.FailureReport();

        Assert.StartsWith("Parsl run failed: 3 tasks failed, 4 tasks were not run because of them.", report);
        Assert.Contains("Parsl.Tests.TestApps.Fail failed 3 times", report);
        // "first" is the first to fail in time; the three run in parallel, so any of them may be it.
        var first = Array.Find(failures, f => report.Contains($"first: task {f.TaskId}, called at FailureReportTests.cs:{line}", StringComparison.Ordinal));
        Assert.NotNull(first);
        Assert.Contains($"InvalidOperationException: bad input {Array.IndexOf(failures, first)}", report);
        Assert.Contains($"skipped because of it: Parsl.Tests.TestApps.Increment ×4 (tasks {string.Join(", ", skipped.Select(s => s.TaskId).Append(deeper.TaskId))})", report);
        Assert.Equal(1, report.Split('\n').Count(line => line.Contains("failed", StringComparison.Ordinal) && line.StartsWith("Parsl.Tests", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_task_skipped_for_several_failed_inputs_of_one_app_is_counted_once()
    {
        var sum = TestApps.AddAsync(TestApps.FailAsync("left"), TestApps.FailAsync("right"));
        await Kernel.WaitForCurrentTasksAsync();

        var report = Kernel.FailureReport();

        Assert.StartsWith("Parsl run failed: 2 tasks failed, 1 task was not run because of them.", report);
        Assert.Contains($"skipped because of it: Parsl.Tests.TestApps.Add ×1 (task {sum.TaskId})", report);
    }

    [Fact]
    public async Task The_call_site_of_every_task_is_captured_at_compile_time()
    {
        var (future, line) = (TestApps.AddAsync(1, 2), Line());

        await future;

        Assert.Equal("FailureReportTests.cs", Path.GetFileName(future.CallSite.FilePath));
        Assert.Equal(line, future.CallSite.Line);
    }

    private static int Line([System.Runtime.CompilerServices.CallerLineNumber] int line = 0) => line;
}
