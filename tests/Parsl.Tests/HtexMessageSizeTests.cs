using Parsl.Events;

namespace Parsl.Tests;

/// <summary>
/// Outcomes against <see cref="Executors.HighThroughputExecutor.MaxMessageBytes"/>: the interchange drops a manager whose
/// message passes it. An oversized result used to take its manager's connection down with every try on it, three times
/// over, and end as a "worker lost" that blamed the task's memory; now it fails alone, saying why, and outcomes that fit
/// one by one but not together travel in several messages.
/// </summary>
public sealed class HtexMessageSizeTests : HtexRunTest
{
    [Fact]
    public async Task An_oversized_result_fails_its_task_saying_why_and_the_manager_and_its_other_tries_go_on()
    {
        var recorder = new EventRecorder();
        await LoadAsync(Htex(workers: 2, maxMessage: 64 * 1024), observers: [recorder]);
        var big = HtexApps.TextAsync(1_000_000);
        var small = Enumerable.Range(0, 20).Select(i => HtexApps.SquareAsync(i)).ToArray();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () => await big);
        Assert.Contains($"Task {big.TaskId} (Parsl.Tests.HtexApps.Text): its outcome is", failure.Message, StringComparison.Ordinal);
        Assert.Contains("more than the executor's MaxMessageBytes (65,536)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * i), await Task.WhenAll(small.Select(s => s.AsTask())));
        Assert.Equal(1, big.Record.Tries);
        Assert.DoesNotContain(recorder.Events, e => e.Kind == RunEventKind.ManagerLost);
    }

    [Fact]
    public async Task Results_that_fit_one_by_one_but_not_together_all_arrive()
    {
        var recorder = new EventRecorder();
        await LoadAsync(Htex(workers: 2, prefetch: 8, maxMessage: 64 * 1024), observers: [recorder]);

        var texts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => HtexApps.TextAsync(40_000).AsTask()));

        Assert.All(texts, text => Assert.Equal(40_000, text.Length));
        Assert.DoesNotContain(recorder.Events, e => e.Kind == RunEventKind.ManagerLost);
    }
}
