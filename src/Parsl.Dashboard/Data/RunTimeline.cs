using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>
/// A run's tasks and tries on one time axis, in seconds from the run's start: what the state chart and the Gantt chart
/// draw. One query, one row per try (or per task without one); SQLite turns the times into seconds, so 100,000 tasks
/// are read without parsing a date in .NET.
/// </summary>
internal sealed class RunTimeline
{
    /// <summary>A task's way through the run: when it was submitted, first launched, first started and completed.</summary>
    public readonly record struct TaskSpan(double Submitted, double? Launched, double? Started, double? Completed, string? State);

    /// <summary>A try that started: where it ran and when; <see cref="End"/> is null while it runs.</summary>
    public readonly record struct TrySpan(long TaskId, int Try, int App, string Executor, string? Block, string? Worker, double Start, double? End, bool Failed);

    public List<TaskSpan> Tasks { get; } = [];

    public List<TrySpan> Tries { get; } = [];

    /// <summary>The apps, indexed by <see cref="TrySpan.App"/>, in order of first submission.</summary>
    public List<string> Apps { get; } = [];

    /// <summary>The axis' end: the run's end, or for a live run its latest recorded time.</summary>
    public double End { get; private set; }

    public static RunTimeline Load(SqliteConnection connection, RunRecord run)
    {
        var timeline = new RunTimeline();
        var origin = connection.Scalar("SELECT julianday(started) FROM runs WHERE run_id = $run", ("$run", run.Id)) ?? 0.0;
        using var reader = connection.Query($"""
            SELECT t.task_id, t.app, t.state, {Sql.Seconds("t.submitted")}, {Sql.Seconds("t.completed")},
                   r.try, r.executor, r.block, coalesce(r.worker, r.location), {Sql.Seconds("r.launched")}, {Sql.Seconds("r.started")},
                   {Sql.Seconds("r.ended")}, r.outcome, coalesce(r.manager, r.host)
            FROM tasks t LEFT JOIN tries r ON r.run_id = t.run_id AND r.task_id = t.task_id
            WHERE t.run_id = $run ORDER BY t.task_id, r.try
            """, ("$run", run.Id), ("$origin", origin));
        var appIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        long lastTask = -1;
        var end = 0.0;
        while (reader.Read())
        {
            var taskId = reader.GetInt64(0);
            var app = reader.GetString(1);
            if (!appIndex.TryGetValue(app, out var appNumber))
            {
                appIndex[app] = appNumber = timeline.Apps.Count;
                timeline.Apps.Add(app);
            }
            var submitted = reader.GetDouble(3);
            var completed = reader.Real(4);
            var launched = reader.Real(9);
            var started = reader.Real(10);
            var ended = reader.Real(11);
            end = Math.Max(end, Math.Max(submitted, Math.Max(completed ?? 0, Math.Max(started ?? 0, ended ?? 0))));
            if (taskId != lastTask)
            {
                // Rows come by try: the first try's launch and start are the task's.
                timeline.Tasks.Add(new TaskSpan(submitted, launched, started, completed, reader.Text(2)));
                lastTask = taskId;
            }
            if (started is { } start)
            {
                var manager = reader.Text(13);
                var worker = reader.Text(8);
                timeline.Tries.Add(new TrySpan(taskId, reader.GetInt32(5), appNumber, reader.Text(6) ?? "", reader.Text(7),
                    manager is null || worker is null || worker.Contains(manager, StringComparison.Ordinal) ? worker : manager + " " + worker,
                    start, ended, reader.Text(12) == "failed"));
            }
        }
        timeline.End = run.Finished is not null
            ? Math.Max(end, connection.Scalar($"SELECT {Sql.Seconds("finished")} FROM runs WHERE run_id = $run", ("$run", run.Id), ("$origin", origin)) as double? ?? end)
            : end;
        return timeline;
    }
}
