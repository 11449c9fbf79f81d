using Parsl.Events;
using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>
/// When a worker's try is known to have started: its manager knows (a worker runs the tries it holds in order) and
/// sends the start with its next message or at its next tick, so a long try is seen running while it runs; the report
/// says how long ago the try started, so the try's record begins when it did.
/// </summary>
public sealed class HtexTryStartTests : KernelTest
{
    private readonly EventRecorder _events = new();

    protected override IReadOnlyList<IExecutor> Executors => [HighThroughputExecutorTests.Htex(workers: 1)];

    protected override ParslConfig Configure(ParslConfig config) => config with { Observers = [_events] };

    [Fact]
    public async Task A_try_whose_start_was_sent_late_is_recorded_from_when_it_started()
    {
        await HtexApps.NapAsync("0"); // the block is up

        var nap = HtexApps.NapAsync("0.25");
        await nap;

        var started = Single(nap.TaskId, RunEventKind.TryStarted);
        var ended = Single(nap.TaskId, RunEventKind.TrySucceeded);
        // The manager sent the start at its tick (up to 100 ms in) or with the outcome: stamped on arrival, the try
        // would seem to last 0 to 250 ms, and mostly under 240 (the kernel's clock is read to 10 ms).
        Assert.InRange(ended.Time - started.Time, TimeSpan.FromMilliseconds(240), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_long_try_is_known_to_run_while_it_runs()
    {
        var gate = ScratchFile("gate");
        var waiting = HtexApps.WaitForAsync(gate);

        await Poll.UntilAsync(() => _events.Events.Any(e => e.TaskId == waiting.TaskId && e.Kind == RunEventKind.TryStarted), "the try's start report");

        Assert.False(waiting.IsCompleted);
        Assert.Equal(TaskState.Running, waiting.State);
        File.WriteAllText(gate, "");
        await waiting;
    }

    private RunEvent Single(long taskId, RunEventKind kind) => Assert.Single(_events.Events, e => e.TaskId == taskId && e.Kind == kind);
}
