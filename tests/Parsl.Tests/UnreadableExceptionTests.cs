namespace Parsl.Tests;

/// <summary>
/// An app that fails with an exception whose own text throws (<see cref="UnreadableFailureException"/>): the run says
/// so, its dependents fail naming it, and the run still ends (it used to wait for ever for the task whose completion
/// threw while logging the first failure).
/// </summary>
public sealed class UnreadableExceptionTests : KernelTest
{
    protected override ParslConfig Configure(ParslConfig config) => config with { Retries = 1, PrintFailureReport = false };

    [Fact]
    public async Task The_task_fails_saying_what_it_threw_and_the_run_ends()
    {
        var failing = HtexApps.FailUnreadablyAsync(3);
        var dependent = HtexApps.IncrementAsync(failing);

        var failure = await Assert.ThrowsAsync<UnreadableAppException>(() => failing.AsTask());
        Assert.IsType<UnreadableFailureException>(failure.Original);
        Assert.Equal(2, failing.Record.Tries); // retried as any failure
        Assert.Contains($"({failing.App.Id}) failed with {typeof(UnreadableFailureException).FullName}, whose Message throws System.InvalidOperationException", failure.Message, StringComparison.Ordinal);
        var skipped = await Assert.ThrowsAsync<DependencyFailedException>(() => dependent.AsTask());
        Assert.Contains("UnreadableAppException", skipped.Message, StringComparison.Ordinal);

        using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(30)));
        await Kernel.ShutdownAsync(cancelOutstanding: false).AsTask().WaitAsync(timeout.Token);
        var log = await File.ReadAllTextAsync(Path.Combine(Kernel.RunDirectory, "parsl.log"));
        Assert.Contains("First failure: task 1", log, StringComparison.Ordinal);
        Assert.Contains("Run finished in", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal error", log, StringComparison.Ordinal);
    }
}
