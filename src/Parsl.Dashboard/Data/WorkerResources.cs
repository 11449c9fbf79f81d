using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>What each worker's tries cost: CPU seconds and peak memory per try, at the try's end (seconds from the run's start).</summary>
internal static class WorkerResources
{
    public readonly record struct Sample(double At, double? CpuSeconds, long? PeakMemoryBytes);

    /// <summary>Each worker (host, manager and worker, as far as recorded) with its tries' samples, in time order.</summary>
    public static Dictionary<string, List<Sample>> Load(SqliteConnection connection, string run)
    {
        var origin = connection.Scalar("SELECT julianday(started) FROM runs WHERE run_id = $run", ("$run", run)) ?? 0.0;
        using var reader = connection.Query($"""
            SELECT trim(coalesce(executor, '') || ' ' || coalesce(host, '') || ' ' || coalesce(manager, '') || ' ' || coalesce(worker, location, '')),
                   {Sql.Seconds("coalesce(ended, started)")}, cpu_seconds, peak_memory_bytes
            FROM tries WHERE run_id = $run AND (cpu_seconds IS NOT NULL OR peak_memory_bytes IS NOT NULL)
            ORDER BY ended
            """, ("$run", run), ("$origin", origin));
        var workers = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var worker = reader.GetString(0);
            if (!workers.TryGetValue(worker, out var samples))
                workers[worker] = samples = [];
            samples.Add(new Sample(reader.Real(1) ?? 0, reader.Real(2), reader.Integer(3)));
        }
        return workers;
    }
}
