using System.Text.Json.Serialization;

namespace Parsl.Tests;

public sealed record Stats(double Mean, double Spread);

/// <summary>A source-generated context as a user writes it: without named floating-point literals.</summary>
[JsonSerializable(typeof(Stats))]
public sealed partial class StatsJsonContext : JsonSerializerContext;

/// <summary>An argument whose memo key records which thread wrote it.</summary>
public sealed record ThreadProbe(int Id)
{
    public static readonly System.Collections.Concurrent.ConcurrentBag<string> KeyThreads = [];

    public string KeyedOn
    {
        get
        {
            KeyThreads.Add(Thread.CurrentThread.Name ?? "(pool)");
            return "";
        }
    }
}

/// <summary>Apps for the situations that used to crash or hang the process.</summary>
public static partial class HardeningTestApps
{
    [App(Cache = true)]
    public static partial double NonFinite(string which) => which switch
    {
        "nan" => double.NaN,
        "+inf" => double.PositiveInfinity,
        _ => double.NegativeInfinity,
    };

    [App(Cache = true)]
    public static partial Stats Summarize(string which) => new(which == "nan" ? double.NaN : 1, 2);

    // The head of a long chain: runs on its own executor and waits to be released, so the whole chain is pending first.
    [App(Executors = ["gate"])]
    public static partial int Head(ManualResetEventSlim release, bool fail)
    {
        release.Wait(TimeSpan.FromSeconds(60));
        return fail ? throw new InvalidOperationException("the head failed") : 0;
    }

    [App(Executors = ["chain"])]
    public static partial int Link(int previous) => previous + 1;

    // A link that holds the chain at a known place until released: runs on the head's executor, free once the head is done.
    [App(Executors = ["gate"])]
    public static partial int GatedLink(int previous, ManualResetEventSlim gate)
    {
        gate.Wait(TimeSpan.FromSeconds(60));
        return previous + 1;
    }

    [JoinApp]
    public static partial AppFuture<int> AddOneLater(int value) => TestApps.AddAsync(value, 1);

    // Ends right at its walltime: the clock and the outcome race on every call.
    [App(WalltimeSeconds = 0.001)]
    public static partial int AtTheWire(CancellationToken cancellationToken)
    {
        var until = System.Diagnostics.Stopwatch.GetTimestamp() + System.Diagnostics.Stopwatch.Frequency / 1000;
        using var registration = cancellationToken.Register(static () => { });
        while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
            Thread.SpinWait(20);
        return 1;
    }

    [App]
    public static partial List<string> Names(int count) => [.. Enumerable.Range(0, count).Select(i => "n" + i)];

    [App(Cache = true)]
    public static partial int Keyed(int input, ThreadProbe probe) => input + probe.Id;

    [App]
    public static partial int Total(int[] values) => values.Sum();
}
