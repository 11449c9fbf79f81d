using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>Waits for a state instead of a fixed time, so a busy two-core CI machine cannot make a test flaky.</summary>
public static class Poll
{
    /// <summary>Returns once <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>Returns once <paramref name="condition"/> holds, within 30 seconds.</summary>
    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(condition, TimeSpan.FromSeconds(30), what);
}
