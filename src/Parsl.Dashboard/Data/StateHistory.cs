using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>
/// How many of a run's tasks were in each state at each of <see cref="Samples"/> + 1 instants, and the run's tasks by
/// app, call line and state now. SQLite does the counting: one pass over the run's tasks (and each task's first try)
/// groups them by app, state and the sample in which each of their times fell, so 100,000 tasks come back as a few
/// hundred rows. A task counts as pending from its submission, launched from its first try's launch, running from that
/// try's start, and in its final state from its completion.
/// </summary>
internal sealed class StateHistory
{
    public const int Samples = 200;

    private StateHistory(StateTally tally, Dictionary<string, long[]> counts) => (Tally, Counts) = (tally, counts);

    /// <summary>The tasks by app, call line and state, as they are now.</summary>
    public StateTally Tally { get; }

    /// <summary>Per state, the tasks in it at sample 0 … <see cref="Samples"/> (sample i at i/Samples of the run).</summary>
    public IReadOnlyDictionary<string, long[]> Counts { get; }

    public static StateHistory Load(SqliteConnection connection, string run, RunClock clock)
    {
        using var reader = connection.Query($"""
            SELECT t.app, t.call_line, {ShownState.Expression} AS shown,
                   CAST((julianday(t.submitted) - $origin) * $scale AS INTEGER),
                   CAST((julianday(r.launched) - $origin) * $scale AS INTEGER),
                   CAST((julianday(r.started) - $origin) * $scale AS INTEGER),
                   CAST((julianday(t.completed) - $origin) * $scale AS INTEGER),
                   count(*)
            FROM tasks t LEFT JOIN tries r ON r.run_id = t.run_id AND r.task_id = t.task_id AND r.try = 1
            WHERE t.run_id = $run
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            """, ("$run", run), ("$origin", clock.Origin), ("$scale", 86400.0 * Samples / clock.End));
        // Difference arrays: n tasks in a state over samples [a, b) add n at a and take it off at b.
        var deltas = ShownState.All.ToDictionary(s => s, _ => new long[Samples + 2], StringComparer.Ordinal);
        var groups = new Dictionary<(string App, long? Line, string State), long>();
        while (reader.Read())
        {
            var (app, line, state, count) = (reader.GetString(0), reader.Integer(1), reader.GetString(2), reader.GetInt64(7));
            var (submitted, launched, started, completed) = (reader.Integer(3) ?? 0, reader.Integer(4), reader.Integer(5), reader.Integer(6));
            groups[(app, line, state)] = groups.GetValueOrDefault((app, line, state)) + count;
            Span(deltas[ShownState.Pending], submitted, launched ?? completed, count);
            if (launched is { } l)
                Span(deltas[ShownState.Launched], l, started ?? completed, count);
            if (started is { } s)
                Span(deltas[ShownState.Running], s, completed, count);
            if (completed is { } c && deltas.TryGetValue(state, out var final))
                Span(final, c, null, count);
        }
        var tally = new StateTally([.. groups.Select(g => new StateTally.Group(g.Key.App, g.Key.Line, g.Key.State, g.Value))]);
        return new StateHistory(tally, deltas.ToDictionary(d => d.Key, d => Accumulate(d.Value), StringComparer.Ordinal));
    }

    private static void Span(long[] delta, long from, long? to, long count)
    {
        var first = (int)Math.Clamp(from, 0, Samples);
        var last = to is { } t ? (int)Math.Clamp(t, 0, Samples + 1) : Samples + 1;
        if (last <= first)
            return;
        delta[first] += count;
        delta[last] -= count;
    }

    private static long[] Accumulate(long[] delta)
    {
        var counts = new long[Samples + 1];
        long running = 0;
        for (var i = 0; i <= Samples; i++)
            counts[i] = running += delta[i];
        return counts;
    }
}
