using System.Collections.Concurrent;

namespace Parsl.Tests;

/// <summary>Apps that fail a given number of times before they succeed.</summary>
public static partial class RetryTestApps
{
    public static readonly ConcurrentDictionary<string, int> Attempts = new();

    [App(Retries = 2)]
    public static partial string Flaky(string name, int failures)
    {
        var attempt = Attempts.AddOrUpdate(name, 1, (_, n) => n + 1);
        return attempt <= failures ? throw new IOException($"{name} attempt {attempt} failed") : $"{name} ok after {attempt}";
    }

    [App]
    public static partial string FlakyWithConfigRetries(string name, int failures)
    {
        var attempt = Attempts.AddOrUpdate(name, 1, (_, n) => n + 1);
        return attempt <= failures ? throw new IOException($"{name} attempt {attempt} failed") : "ok";
    }

    [App(WalltimeSeconds = 0.3)]
    public static partial int Cooperative(CancellationToken cancellationToken)
    {
        Task.Delay(TimeSpan.FromSeconds(30), cancellationToken).GetAwaiter().GetResult();
        return 1;
    }

    [App(WalltimeSeconds = 0.3)]
    public static partial int Stubborn(ManualResetEventSlim release)
    {
        release.Wait(TimeSpan.FromSeconds(30));
        return 1;
    }

    // Its first try outlives the walltime; the retry is quick.
    [App(Retries = 1, WalltimeSeconds = 0.3)]
    public static partial int SlowFirstTry(string name, CancellationToken cancellationToken)
    {
        if (Attempts.AddOrUpdate(name, 1, (_, n) => n + 1) == 1)
            Task.Delay(TimeSpan.FromSeconds(30), cancellationToken).GetAwaiter().GetResult();
        return 7;
    }

    [App(Retries = 1)]
    public static partial string Counted(string name) => $"{name} ran {Attempts.AddOrUpdate(name, 1, (_, n) => n + 1)} time(s)";

    // Hangs on the slow mirror until its walltime cancels it.
    [App(Executors = ["primary"], Retries = 2, WalltimeSeconds = 0.3)]
    public static partial string Download(string mirror, int chunk, CancellationToken cancellationToken)
    {
        if (mirror == "slow-mirror")
            Task.Delay(TimeSpan.FromSeconds(30), cancellationToken).GetAwaiter().GetResult();
        return $"{mirror}:{chunk} on {Thread.CurrentThread.Name}";
    }
}
