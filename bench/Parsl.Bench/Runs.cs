using System.Diagnostics;

namespace Parsl.Bench;

/// <summary>How every scenario times itself (shared with the transport bench, which links this file).</summary>
internal static class Runs
{
    /// <summary>
    /// Warm-up runs until the JIT has settled (at least three, and at least half a second: tiered compilation promotes hot
    /// methods in the background after a quiet period, and one short run left some at tier 0), then <paramref name="runs"/> timed runs.
    /// </summary>
    internal static async Task<List<TimeSpan>> RepeatAsync(int runs, Func<Task> body)
    {
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warmUp.Elapsed < TimeSpan.FromSeconds(0.5); i++)
            await body();
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = Stopwatch.StartNew();
            await body();
            times.Add(clock.Elapsed);
        }
        return times;
    }
}
