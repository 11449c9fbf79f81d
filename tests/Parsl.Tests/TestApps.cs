using System.Collections.Concurrent;

namespace Parsl.Tests;

/// <summary>Apps the runtime tests call; each records what it did so tests can check order and counts.</summary>
public static partial class TestApps
{
    public static readonly ConcurrentQueue<string> Events = new();
    public static int Executions;

    [App]
    public static partial int Add(int a, int b)
    {
        Interlocked.Increment(ref Executions);
        return a + b;
    }

    [App]
    public static partial int SlowIdentity(int value, int delayMs, string name)
    {
        Events.Enqueue("start " + name);
        Thread.Sleep(delayMs);
        Events.Enqueue("end " + name);
        return value;
    }

    [App]
    public static partial double Mean(IReadOnlyList<double> xs) => xs.Average();

    [App]
    public static partial int Count(List<string> items) => items.Count;

    [App]
    public static partial double[] Squares(int n) => [.. Enumerable.Range(0, n).Select(i => (double)i * i)];

    [App]
    public static partial int Fail(string message) => throw new InvalidOperationException(message);

    // More inputs than one argument pack holds, and a token in the middle: inputs 8 to 10 sit in a nested pack.
    [App]
    public static partial string Wide(int a1, int a2, int a3, CancellationToken token, int a4, int a5, int a6, int a7, int a8, int a9, int[] tail)
        => string.Join(",", new[] { a1, a2, a3, a4, a5, a6, a7, a8, a9 }.Concat(tail)) + (token.CanBeCanceled ? " (token)" : "");

    [App]
    public static partial int Increment(int value)
    {
        Interlocked.Increment(ref Executions);
        return value + 1;
    }

    [App]
    public static partial bool WaitAtBarrier(Barrier barrier) => barrier.SignalAndWait(TimeSpan.FromSeconds(10));

    [App]
    public static partial int BlockUntil(ManualResetEventSlim gate)
    {
        gate.Wait(TimeSpan.FromSeconds(30));
        return 1;
    }

    [App]
    public static partial string ThreadName() => Thread.CurrentThread.Name ?? "";

    [App(Executors = ["midway"])]
    public static partial string OnMidway() => Thread.CurrentThread.Name ?? "";

    [App(Executors = ["local"])]
    public static partial string OnLocal() => Thread.CurrentThread.Name ?? "";

    [App(Executors = ["nowhere"])]
    public static partial int Misplaced() => 0;

    [App]
    public static partial void Record(string message) => Events.Enqueue(message);

    [App]
    public static async partial Task<int> DelayedValue(int value)
    {
        await Task.Delay(20);
        return value;
    }

    [App]
    public static partial bool WaitForCancellation(CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    [JoinApp]
    public static partial AppFuture<double> SumOfSquares(int n)
    {
        var squares = Enumerable.Range(1, n).Select(i => MultiplyAsync(i, i)).ToArray();
        return TotalAsync(squares);
    }

    [App]
    public static partial double Multiply(double a, double b) => a * b;

    [App]
    public static partial double ToDouble(int value) => value;

    [App]
    public static partial double Total(double[] values) => values.Sum();

    [App]
    public static partial long Noop() => 0;
}
