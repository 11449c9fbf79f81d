using System.Collections.Concurrent;

namespace Parsl.Tests;

public sealed record Sample(string Name, int[] Values, Sample? Parent = null);

/// <summary>Cached apps that count their executions per argument, so tests can tell a run from a cache hit.</summary>
public static partial class CacheTestApps
{
    public static readonly ConcurrentDictionary<string, int> Executions = new();

    public static int ExecutionsOf(string name) => Executions.GetValueOrDefault(name);

    [App(Cache = true)]
    public static partial int Square(int x)
    {
        Executions.AddOrUpdate("Square", 1, (_, n) => n + 1);
        return x * x;
    }

    [App(Cache = true)]
    public static partial int SlowSquare(int x, [IgnoreForCache] ManualResetEventSlim gate)
    {
        Executions.AddOrUpdate("SlowSquare", 1, (_, n) => n + 1);
        gate.Wait(TimeSpan.FromSeconds(30));
        return x * x;
    }

    [App(Cache = true)]
    public static partial double Scaled(double x, [IgnoreForCache] string label)
    {
        Executions.AddOrUpdate("Scaled", 1, (_, n) => n + 1);
        return x * 2;
    }

    [App(Cache = true)]
    public static partial int FailsOnce(string name)
    {
        var count = Executions.AddOrUpdate("FailsOnce:" + name, 1, (_, n) => n + 1);
        return count == 1 ? throw new InvalidOperationException("first call fails") : count;
    }

    [App(Cache = true)]
    public static partial int Lines(DataFile input)
    {
        Executions.AddOrUpdate("Lines", 1, (_, n) => n + 1);
        return File.ReadAllLines(input.LocalPath!).Length;
    }

    [App(Cache = true)]
    public static partial int Total(Sample sample)
    {
        Executions.AddOrUpdate("Total", 1, (_, n) => n + 1);
        return sample.Values.Sum() + (sample.Parent?.Values.Sum() ?? 0);
    }

    [App(Cache = true)]
    public static partial int Opaque(object value) => value is int number ? number : 0;

    [App(Cache = true, CacheFailures = true)]
    public static partial int AlwaysFails(string name)
    {
        Executions.AddOrUpdate("AlwaysFails:" + name, 1, (_, n) => n + 1);
        throw new ArgumentException($"{name} is not a valid input");
    }

    [App(Cache = true)]
    public static partial long[] Range(int n)
    {
        Executions.AddOrUpdate("Range", 1, (_, c) => c + 1);
        return [.. Enumerable.Range(0, n).Select(i => (long)i)];
    }

    [App(Cache = true)]
    public static partial Sample Unserializable(int x)
    {
        Executions.AddOrUpdate("Unserializable", 1, (_, c) => c + 1);
        return new Sample("s", [x]);
    }

    [BashApp("echo {word}; echo run >> {log}", Stdout = "{output}", Cache = true)]
    public static partial BashResult Echo(string word, [IgnoreForCache] string log, string output);
}
