using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Numerics;

namespace Parsl.Tests;

/// <summary>
/// Every kind of argument the type model keys: equal values (also built in another order, for sets and dictionaries)
/// are answered from the memo table, and different values run again.
/// </summary>
public sealed class MemoKeyTypeTests : KernelTest
{
    /// <summary>Calls with <paramref name="a"/>, with <paramref name="sameAsA"/> (another instance, maybe another order), then with <paramref name="b"/>.</summary>
    private static async Task AssertKeyedByValueAsync<T, TResult>(Func<T, AppFuture<TResult>> app, T a, T sameAsA, T b)
    {
        var first = app(a);
        await first;
        var again = app(sameAsA);
        await again;
        var other = app(b);
        await other;

        Assert.False(first.FromCache, "the first call must run");
        Assert.True(again.FromCache, "an equal value must give the same memo key");
        Assert.False(other.FromCache, "a different value must give another memo key");
    }

    [Fact]
    public async Task Immutable_arrays_are_keyed_by_their_elements_not_their_length()
    {
        // The pair that used to share a key (only IsDefault, IsEmpty and Length were keyed): 6, then 6 again.
        Assert.Equal(6, await KeyedApps.SumAsync(ImmutableArray.Create(1, 2, 3)));
        var other = KeyedApps.SumAsync(ImmutableArray.Create(10, 20, 30));
        Assert.Equal(60, await other);
        Assert.False(other.FromCache);

        await AssertKeyedByValueAsync<ImmutableArray<int>, int>(x => KeyedApps.SumAsync(x), [4, 5], ImmutableArray.Create(4, 5), [5, 4]);
        // A default array is not an empty one.
        Assert.Equal(-1, await KeyedApps.SumAsync(default(ImmutableArray<int>)));
        Assert.Equal(0, await KeyedApps.SumAsync(ImmutableArray<int>.Empty));
    }

    [Fact]
    public async Task Immutable_lists_are_keyed_in_order() =>
        await AssertKeyedByValueAsync<ImmutableList<string>, string>(x => KeyedApps.JoinAsync(x), ["a", "b"], ImmutableList.Create("a", "b"), ["b", "a"]);

    [Fact]
    public async Task Sets_are_keyed_by_their_elements_whatever_their_order()
    {
        await AssertKeyedByValueAsync<HashSet<string>, int>(x => KeyedApps.MembersAsync(x), new HashSet<string> { "x", "y", "z" }, new HashSet<string> { "z", "x", "y" }, new HashSet<string> { "x", "y" });
        await AssertKeyedByValueAsync<SortedSet<int>, int>(x => KeyedApps.SortedAsync(x), new SortedSet<int> { 3, 1 }, new SortedSet<int> { 1, 3 }, new SortedSet<int> { 1, 2 });
        await AssertKeyedByValueAsync<FrozenSet<string>, int>(x => KeyedApps.FrozenAsync(x), new[] { "p", "q" }.ToFrozenSet(), new[] { "q", "p" }.ToFrozenSet(), new[] { "p" }.ToFrozenSet());
        await AssertKeyedByValueAsync<ImmutableHashSet<int>, int>(x => KeyedApps.ImmutableSetAsync(x), ImmutableHashSet.Create(1, 2, 3), ImmutableHashSet.Create(3, 2, 1), ImmutableHashSet.Create(1, 2, 4));
    }

    [Fact]
    public async Task Dictionaries_are_keyed_by_their_entries_whatever_their_order()
    {
        await AssertKeyedByValueAsync<Dictionary<string, int>, int>(x => KeyedApps.TableAsync(x),
            new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }, new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 }, new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 });
        await AssertKeyedByValueAsync<SortedDictionary<string, int>, int>(x => KeyedApps.SortedTableAsync(x),
            new SortedDictionary<string, int> { ["a"] = 1 }, new SortedDictionary<string, int> { ["a"] = 1 }, new SortedDictionary<string, int> { ["a"] = 1, ["b"] = 0 });
        await AssertKeyedByValueAsync<ImmutableDictionary<string, int>, int>(x => KeyedApps.ImmutableTableAsync(x),
            ImmutableDictionary<string, int>.Empty.Add("a", 1).Add("b", 2), ImmutableDictionary<string, int>.Empty.Add("b", 2).Add("a", 1), ImmutableDictionary<string, int>.Empty.Add("a", 1));
        await AssertKeyedByValueAsync<FrozenDictionary<int, string>, int>(x => KeyedApps.FrozenTableAsync(x),
            new Dictionary<int, string> { [1] = "one", [2] = "two" }.ToFrozenDictionary(), new Dictionary<int, string> { [2] = "two", [1] = "one" }.ToFrozenDictionary(),
            new Dictionary<int, string> { [1] = "two", [2] = "one" }.ToFrozenDictionary());
    }

    [Fact]
    public async Task Nested_collections_are_keyed_all_the_way_down() =>
        await AssertKeyedByValueAsync<List<Dictionary<string, int[]>>, int>(x => KeyedApps.NestedAsync(x),
            [new Dictionary<string, int[]> { ["a"] = [1, 2], ["b"] = [3] }],
            [new Dictionary<string, int[]> { ["b"] = [3], ["a"] = [1, 2] }],
            [new Dictionary<string, int[]> { ["a"] = [1, 2], ["b"] = [4] }]);

    [Fact]
    public async Task Dates_times_and_wide_numbers_are_keyed_by_value()
    {
        await AssertKeyedByValueAsync<(DateOnly, TimeOnly), string>(v => KeyedApps.DayAsync(v.Item1, v.Item2),
            (new DateOnly(2026, 12, 5), new TimeOnly(4, 30)), (new DateOnly(2026, 12, 5), new TimeOnly(4, 30)), (new DateOnly(2026, 12, 5), new TimeOnly(4, 31)));
        await AssertKeyedByValueAsync<(BigInteger, Int128, UInt128, Half), string>(v => KeyedApps.BigAsync(v.Item1, v.Item2, v.Item3, v.Item4),
            (BigInteger.Pow(10, 40), Int128.MaxValue, UInt128.One, (Half)1.5), (BigInteger.Pow(10, 40), Int128.MaxValue, UInt128.One, (Half)1.5),
            (BigInteger.Pow(10, 40) + 1, Int128.MaxValue, UInt128.One, (Half)1.5));
        await AssertKeyedByValueAsync<(decimal, int?), string>(v => KeyedApps.MoneyAsync(v.Item1, v.Item2), (1.50m, null), (1.50m, null), (1.50m, 0));
    }

    [Fact]
    public async Task A_records_base_members_are_part_of_its_key() =>
        await AssertKeyedByValueAsync<Measured, string>(x => KeyedApps.DerivedAsync(x), new Measured("north", 1.0), new Measured("north", 1.0), new Measured("south", 1.0));

    [Fact]
    public async Task Key_value_pairs_and_tuples_are_keyed_by_their_members() =>
        await AssertKeyedByValueAsync<(KeyValuePair<string, int>, Tuple<int, string>), string>(v => KeyedApps.PairAsync(v.Item1, v.Item2),
            (new("a", 1), Tuple.Create(1, "x")), (new("a", 1), Tuple.Create(1, "x")), (new("a", 1), Tuple.Create(1, "y")));
}
