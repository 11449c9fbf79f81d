using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>One page of a run's tasks in id order, filtered by app and state on the server: the run page's table.</summary>
internal static class TaskTable
{
    public const int PageSize = 50;

    public sealed record Row(long TaskId, string App, string? Executor, string State, string Submitted, double? Seconds, long Tries, string? Exception);

    public static List<Row> Load(SqliteConnection connection, string run, string? app, string? state, int page)
    {
        // The state is computed, so a state filter scans the run's rows; the key (run_id, task_id) keeps them in order.
        using var reader = connection.Query($"""
            SELECT t.task_id, t.app, t.executor, {ShownState.Expression} AS shown, t.submitted,
                   (julianday(t.completed) - julianday(t.submitted)) * 86400.0,
                   (SELECT count(*) FROM tries r WHERE r.run_id = t.run_id AND r.task_id = t.task_id), t.exception
            FROM tasks t
            WHERE t.run_id = $run AND ($app IS NULL OR t.app = $app) AND ($state IS NULL OR shown = $state)
            ORDER BY t.task_id LIMIT $limit OFFSET $offset
            """, ("$run", run), ("$app", app), ("$state", state), ("$limit", PageSize), ("$offset", (long)Math.Max(page - 1, 0) * PageSize));
        var rows = new List<Row>(PageSize);
        while (reader.Read())
            rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.Text(2), reader.GetString(3), reader.GetString(4), reader.Real(5), reader.GetInt64(6), reader.Text(7)));
        return rows;
    }
}
