using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>One row of <c>runs</c>: a run is live while <see cref="Finished"/> is null (or was killed before it could say).</summary>
internal sealed record RunRecord(string Id, string Directory, string? Host, string? User, string Started, string? Finished, string? Summary)
{
    public bool IsLive => Finished is null;

    private const string Columns = "run_id, run_dir, host, user, started, finished, summary";

    /// <summary>Every run, the latest first.</summary>
    public static List<RunRecord> All(SqliteConnection connection)
    {
        using var reader = connection.Query($"SELECT {Columns} FROM runs ORDER BY started DESC");
        var runs = new List<RunRecord>();
        while (reader.Read())
            runs.Add(Read(reader));
        return runs;
    }

    /// <summary>The run <paramref name="id"/>, or the latest one for <c>latest</c>; null when there is none.</summary>
    public static RunRecord? Find(SqliteConnection connection, string id)
    {
        using var reader = id == "latest"
            ? connection.Query($"SELECT {Columns} FROM runs ORDER BY started DESC LIMIT 1")
            : connection.Query($"SELECT {Columns} FROM runs WHERE run_id = $run", ("$run", id));
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Tasks of each run by state, for the runs page: one pass over <c>tasks</c>.</summary>
    public static Dictionary<string, Dictionary<string, long>> CountsByRun(SqliteConnection connection)
    {
        using var reader = connection.Query($"SELECT t.run_id, {ShownState.Expression} AS shown, count(*) FROM tasks t GROUP BY t.run_id, shown");
        var counts = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var run = reader.GetString(0);
            if (!counts.TryGetValue(run, out var byState))
                counts[run] = byState = new Dictionary<string, long>(StringComparer.Ordinal);
            byState[reader.GetString(1)] = reader.GetInt64(2);
        }
        return counts;
    }

    private static RunRecord Read(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.Text(2), r.Text(3), r.GetString(4), r.Text(5), r.Text(6));
}
