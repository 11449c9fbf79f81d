using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>
/// A run's tries for the Gantt chart, by executor, block and worker. Up to <see cref="DetailLimit"/> tries each comes
/// back as it is, with its app; beyond that SQLite sums them per worker and time bucket (<see cref="Buckets"/> across the
/// run), so a run of 100,000 tries comes back as a row per worker and bucket rather than a row per try. (Summing per app
/// too would need each try's task: measured, that join and the wider grouping cost more than the rest of the page.)
/// </summary>
internal sealed class TryLanes
{
    public const int DetailLimit = 2000, Buckets = 240;

    /// <summary>One try: where it ran and when, in seconds from the run's start; <see cref="End"/> is null while it runs.</summary>
    public readonly record struct Try(long TaskId, int Number, string App, string Executor, string? Block, string? Worker, double Start, double? End, bool Failed);

    /// <summary>
    /// The tries of one worker that started in bucket <see cref="FirstBucket"/> and ended in <see cref="LastBucket"/>:
    /// how many, and the sums of their start and end times, from which each bucket's busy time follows exactly.
    /// </summary>
    public readonly record struct Cell(string Executor, string? Block, string? Worker, int FirstBucket, int LastBucket, bool Failed, long Count, double StartSum, double EndSum);

    private TryLanes(long count, List<Try>? tries, List<Cell>? cells) => (Count, Tries, Cells) = (count, tries, cells);

    /// <summary>How many tries started.</summary>
    public long Count { get; }

    /// <summary>Each try, when there are at most <see cref="DetailLimit"/>; else null.</summary>
    public IReadOnlyList<Try>? Tries { get; }

    /// <summary>The tries summed per worker, app and bucket, when there are more than <see cref="DetailLimit"/>; else null.</summary>
    public IReadOnlyList<Cell>? Cells { get; }


    public static TryLanes Load(SqliteConnection connection, string run, RunClock clock)
    {
        var count = Convert.ToInt64(connection.Scalar("SELECT count(*) FROM tries WHERE run_id = $run AND started IS NOT NULL", ("$run", run)), System.Globalization.CultureInfo.InvariantCulture);
        return count <= DetailLimit ? new TryLanes(count, Each(connection, run, clock), null) : new TryLanes(count, null, Summed(connection, run, clock));
    }

    private static List<Try> Each(SqliteConnection connection, string run, RunClock clock)
    {
        using var reader = connection.Query($"""
            SELECT r.task_id, r.try, t.app, r.executor, r.block, coalesce(r.manager, r.host), r.worker, r.location,
                   {Sql.Seconds("r.started")}, {Sql.Seconds("r.ended")}, r.outcome = 'failed'
            FROM tries r JOIN tasks t ON t.run_id = r.run_id AND t.task_id = r.task_id
            WHERE r.run_id = $run AND r.started IS NOT NULL
            """, ("$run", run), ("$origin", clock.Origin));
        var tries = new List<Try>();
        while (reader.Read())
            tries.Add(new Try(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.Text(3) ?? "", reader.Text(4),
                WorkerName(reader.Text(5), reader.Text(6), reader.Text(7)), reader.GetDouble(8), reader.Real(9), !reader.IsDBNull(10) && reader.GetInt64(10) != 0));
        return tries;
    }

    private static List<Cell> Summed(SqliteConnection connection, string run, RunClock clock)
    {
        using var reader = connection.Query($"""
            SELECT executor, block, manager, worker, location, CAST(start / $width AS INTEGER), CAST(stop / $width AS INTEGER), failed, count(*), sum(start), sum(stop)
            FROM (SELECT r.executor, r.block, coalesce(r.manager, r.host) AS manager, r.worker, r.location, {Sql.Seconds("r.started")} AS start,
                         coalesce({Sql.Seconds("r.ended")}, $end) AS stop, coalesce(r.outcome = 'failed', 0) AS failed
                  FROM tries r WHERE r.run_id = $run AND r.started IS NOT NULL)
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """, ("$run", run), ("$origin", clock.Origin), ("$end", clock.End), ("$width", clock.End / Buckets));
        var cells = new List<Cell>();
        while (reader.Read())
            cells.Add(new Cell(reader.Text(0) ?? "", reader.Text(1), WorkerName(reader.Text(2), reader.Text(3), reader.Text(4)),
                Math.Clamp(reader.GetInt32(5), 0, Buckets - 1), Math.Clamp(reader.GetInt32(6), 0, Buckets - 1), reader.GetInt64(7) != 0,
                reader.GetInt64(8), reader.GetDouble(9), reader.GetDouble(10)));
        return cells;
    }

    /// <summary>
    /// A worker as the chart names it: <c>manager 3 · worker 1 (pid 4242)</c> when the executor names both (a manager's
    /// bare number gets its noun), else the executor's own word for where the try ran (a thread, a manager), else none.
    /// </summary>
    private static string? WorkerName(string? manager, string? worker, string? location) => (manager, worker) switch
    {
        (null, null) => location,
        (null, { } w) => w,
        ({ } m, null) => location ?? Manager(m),
        ({ } m, { } w) => Manager(m) + " · " + w,
    };

    private static string Manager(string manager) => manager.All(char.IsAsciiDigit) ? "manager " + manager : manager;
}
