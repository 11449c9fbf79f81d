using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;

namespace Parsl.Tests;

/// <summary>Cached apps, one per kind of argument the type model keys; each returns a digest of what it was given.</summary>
public static partial class KeyedApps
{
    [App(Cache = true)]
    public static partial int Sum(ImmutableArray<int> xs) => xs.IsDefault ? -1 : xs.Sum();

    [App(Cache = true)]
    public static partial string Join(ImmutableList<string> words) => string.Join(",", words);

    [App(Cache = true)]
    public static partial int Members(HashSet<string> names) => names.Count;

    [App(Cache = true)]
    public static partial int Sorted(SortedSet<int> xs) => xs.Count;

    [App(Cache = true)]
    public static partial int Frozen(FrozenSet<string> names) => names.Count;

    [App(Cache = true)]
    public static partial int ImmutableSet(ImmutableHashSet<int> xs) => xs.Count;

    [App(Cache = true)]
    public static partial int Table(Dictionary<string, int> counts) => counts.Values.Sum();

    [App(Cache = true)]
    public static partial int SortedTable(SortedDictionary<string, int> counts) => counts.Values.Sum();

    [App(Cache = true)]
    public static partial int ImmutableTable(ImmutableDictionary<string, int> counts) => counts.Values.Sum();

    [App(Cache = true)]
    public static partial int FrozenTable(FrozenDictionary<int, string> names) => names.Count;

    [App(Cache = true)]
    public static partial int Nested(List<Dictionary<string, int[]>> tables) => tables.Count;

    [App(Cache = true)]
    public static partial string Day(DateOnly day, TimeOnly time) => $"{day:O} {time:O}";

    [App(Cache = true)]
    public static partial string Big(BigInteger big, Int128 wide, UInt128 unsigned, Half half) => $"{big} {wide} {unsigned} {half}";

    [App(Cache = true)]
    public static partial string Money(decimal amount, int? maybe) => $"{amount} {maybe}";

    [App(Cache = true)]
    public static partial string Derived(Measured sample) => $"{sample.Site} {sample.Value}";

    [App(Cache = true)]
    public static partial string Pair(KeyValuePair<string, int> entry, Tuple<int, string> tuple) => $"{entry.Key}={entry.Value} {tuple.Item1}:{tuple.Item2}";
}

/// <summary>A record whose state is partly its base's: both parts are keyed.</summary>
public record Located(string Site);

public sealed record Measured(string Site, double Value) : Located(Site);

/// <summary>Apps that give back what they were given: run on a worker, they carry each kind of value there and back.</summary>
public static partial class EchoApps
{
    [App]
    public static partial ImmutableArray<int> Array(ImmutableArray<int> xs) => xs;

    [App]
    public static partial ImmutableList<string> List(ImmutableList<string> xs) => xs;

    [App]
    public static partial HashSet<string> Set(HashSet<string> xs) => xs;

    [App]
    public static partial FrozenSet<string> Frozen(FrozenSet<string> xs) => xs;

    [App]
    public static partial ImmutableHashSet<int> ImmutableSet(ImmutableHashSet<int> xs) => xs;

    [App]
    public static partial SortedSet<int> Sorted(SortedSet<int> xs) => xs;

    [App]
    public static partial ImmutableDictionary<string, int> ImmutableTable(ImmutableDictionary<string, int> xs) => xs;

    [App]
    public static partial SortedDictionary<string, int> SortedTable(SortedDictionary<string, int> xs) => xs;

    [App]
    public static partial FrozenDictionary<int, string> FrozenTable(FrozenDictionary<int, string> xs) => xs;

    [App]
    public static partial Measured Derived(Measured sample) => sample;

    [App]
    public static partial (KeyValuePair<string, int>, Tuple<int, string>) Pair(KeyValuePair<string, int> entry, Tuple<int, string> tuple) => (entry, tuple);

    [App]
    public static partial (DateOnly, TimeOnly, BigInteger, Int128, UInt128, Half) Scalars(DateOnly day, TimeOnly time, BigInteger big, Int128 wide, UInt128 unsigned, Half half) =>
        (day, time, big, wide, unsigned, half);
}
