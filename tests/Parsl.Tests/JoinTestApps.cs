namespace Parsl.Tests;

/// <summary>Join apps returning one future, or a collection of them (Parsl's most common join: launch N, return them).</summary>
public static partial class JoinTestApps
{
    [JoinApp]
    public static partial AppFuture<int>[] Squares(int n) => [.. Enumerable.Range(0, n).Select(i => TestApps.AddAsync(i * i, 0))];

    [JoinApp]
    public static partial List<AppFuture<int>> SquaresList(int n) => [.. Enumerable.Range(0, n).Select(i => TestApps.AddAsync(i * i, 0))];

    [JoinApp]
    public static partial IReadOnlyList<AppFuture<int>> SquaresReadOnly(int n) => [.. Enumerable.Range(0, n).Select(i => TestApps.AddAsync(i * i, 0))];

    [JoinApp]
    public static partial AppFuture<int>[] SomeFail() => [TestApps.AddAsync(1, 1), TestApps.FailAsync("first inner failure"), TestApps.FailAsync("second inner failure")];

    [JoinApp]
    public static partial AppFuture<int> FailsInside() => TestApps.FailAsync("the inner task failed");

    [JoinApp(Cache = true)]
    public static partial AppFuture<int> CachedPlusOne(int x)
    {
        CacheTestApps.Executions.AddOrUpdate("CachedPlusOne", 1, (_, n) => n + 1);
        return TestApps.AddAsync(x, 1);
    }
}
