using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;

namespace Parsl.Tests;

/// <summary>
/// The type model's collections and scalars cross to a worker process and back intact, and what comes back keys as
/// the original did: the wire codec and the memo key agree on every value.
/// </summary>
public sealed class TypeRoundTripTests : HtexRunTest
{
    /// <summary>Sends <paramref name="value"/> to a worker and back; checks it is equal, then that both key alike.</summary>
    private static async Task AssertRoundTripAsync<T, TKeyed>(Func<T, AppFuture<T>> echo, Func<T, AppFuture<TKeyed>> keyed, T value, Func<T, T, bool> equal)
    {
        var back = await echo(value);
        Assert.True(equal(value, back), $"{typeof(T).Name} came back different from a worker");
        await keyed(value);
        var again = keyed(back);
        await again;
        Assert.True(again.FromCache, $"{typeof(T).Name} keyed differently after the round trip");
    }

    [Fact]
    public async Task Immutable_frozen_and_sorted_collections_and_wide_scalars_travel_and_key_alike()
    {
        await LoadAsync(Htex(workers: 1));

        await AssertRoundTripAsync<ImmutableArray<int>, int>(x => EchoApps.ArrayAsync(x), x => KeyedApps.SumAsync(x), [3, 1, 2], (a, b) => a.SequenceEqual(b));
        Assert.True((await EchoApps.ArrayAsync(default(ImmutableArray<int>))).IsDefault);
        await AssertRoundTripAsync<ImmutableList<string>, string>(x => EchoApps.ListAsync(x), x => KeyedApps.JoinAsync(x), ["b", "a"], (a, b) => a.SequenceEqual(b));
        await AssertRoundTripAsync<HashSet<string>, int>(x => EchoApps.SetAsync(x), x => KeyedApps.MembersAsync(x), ["x", "y"], (a, b) => a.SetEquals(b));
        await AssertRoundTripAsync<FrozenSet<string>, int>(x => EchoApps.FrozenAsync(x), x => KeyedApps.FrozenAsync(x), new[] { "p", "q" }.ToFrozenSet(), (a, b) => a.SetEquals(b));
        await AssertRoundTripAsync<ImmutableHashSet<int>, int>(x => EchoApps.ImmutableSetAsync(x), x => KeyedApps.ImmutableSetAsync(x), [1, 2, 3], (a, b) => a.SetEquals(b));
        await AssertRoundTripAsync<SortedSet<int>, int>(x => EchoApps.SortedAsync(x), x => KeyedApps.SortedAsync(x), [9, 4], (a, b) => a.SequenceEqual(b));
        await AssertRoundTripAsync<ImmutableDictionary<string, int>, int>(x => EchoApps.ImmutableTableAsync(x), x => KeyedApps.ImmutableTableAsync(x),
            ImmutableDictionary<string, int>.Empty.Add("a", 1).Add("b", 2), (a, b) => a.OrderBy(e => e.Key).SequenceEqual(b.OrderBy(e => e.Key)));
        await AssertRoundTripAsync<SortedDictionary<string, int>, int>(x => EchoApps.SortedTableAsync(x), x => KeyedApps.SortedTableAsync(x),
            new SortedDictionary<string, int> { ["z"] = 26, ["a"] = 1 }, (a, b) => a.SequenceEqual(b));
        await AssertRoundTripAsync<FrozenDictionary<int, string>, int>(x => EchoApps.FrozenTableAsync(x), x => KeyedApps.FrozenTableAsync(x),
            new Dictionary<int, string> { [1] = "one" }.ToFrozenDictionary(), (a, b) => a.OrderBy(e => e.Key).SequenceEqual(b.OrderBy(e => e.Key)));

        // A record whose state is partly its base's travels whole (the wire used to see its own members only).
        await AssertRoundTripAsync<Measured, string>(x => EchoApps.DerivedAsync(x), x => KeyedApps.DerivedAsync(x), new Measured("north", 2.5), (a, b) => a == b);

        // Framework types known to be plain data though they are no records.
        var pair = (new KeyValuePair<string, int>("k", 7), Tuple.Create(3, "three"));
        Assert.Equal(pair, await EchoApps.PairAsync(pair.Item1, pair.Item2));

        var scalars = (new DateOnly(2026, 12, 5), new TimeOnly(4, 50, 1, 2), BigInteger.Pow(-7, 51), Int128.MinValue, UInt128.MaxValue, (Half)(-2.5));
        Assert.Equal(scalars, await EchoApps.ScalarsAsync(scalars.Item1, scalars.Item2, scalars.Item3, scalars.Item4, scalars.Item5, scalars.Item6));
    }
}
