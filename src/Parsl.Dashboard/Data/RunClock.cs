using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>
/// A run's time axis: its start as a julian day (what the queries subtract, so SQLite hands back seconds) and its end in
/// seconds from the start: the recorded end of a finished run, the latest recorded time of a live one.
/// </summary>
internal readonly record struct RunClock(double Origin, double End)
{
    public static RunClock Load(SqliteConnection connection, RunRecord run)
    {
        var origin = Convert.ToDouble(connection.Scalar("SELECT julianday(started) FROM runs WHERE run_id = $run", ("$run", run.Id)), CultureInfo.InvariantCulture);
        // Times are ISO 8601 text of one format, so the greatest string is the latest time: no date is parsed per row.
        var latest = run.Finished ?? connection.Scalar("""
            SELECT max(coalesce((SELECT max(submitted) FROM tasks WHERE run_id = $run), ''), coalesce((SELECT max(completed) FROM tasks WHERE run_id = $run), ''),
                       coalesce((SELECT max(started) FROM tries WHERE run_id = $run), ''), coalesce((SELECT max(ended) FROM tries WHERE run_id = $run), ''))
            """, ("$run", run.Id)) as string;
        var end = string.IsNullOrEmpty(latest) ? 0 : connection.Scalar("SELECT (julianday($latest) - $origin) * 86400.0", ("$latest", latest), ("$origin", origin)) as double? ?? 0;
        return new RunClock(origin, Math.Max(end, 1e-3));
    }
}
