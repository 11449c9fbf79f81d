namespace Parsl.Dashboard.Data;

/// <summary>
/// A run's tasks counted by app, call line and state (<see cref="StateHistory"/> counts them): the run page's totals,
/// its app filter and the workflow graph's node counts all come from these groups.
/// </summary>
internal sealed class StateTally
{
    /// <summary>One group: the tasks of <see cref="App"/> called at <see cref="Line"/> that are in <see cref="State"/>.</summary>
    public sealed record Group(string App, long? Line, string State, long Count);

    public StateTally(IReadOnlyList<Group> groups) => Groups = groups;

    public IReadOnlyList<Group> Groups { get; }

    public long Total => Groups.Sum(g => g.Count);

    /// <summary>Tasks by state, every state listed (zero when none).</summary>
    public IReadOnlyList<(string State, long Count)> ByState() =>
        [.. ShownState.All.Select(s => (s, Groups.Where(g => g.State == s).Sum(g => g.Count)))];

    /// <summary>The apps called, by name.</summary>
    public IReadOnlyList<string> Apps() => [.. Groups.Select(g => g.App).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>How many tasks a filter of the task table matches (null: any).</summary>
    public long Matching(string? app, string? state) =>
        Groups.Where(g => (app is null || g.App == app) && (state is null || g.State == state)).Sum(g => g.Count);
}
