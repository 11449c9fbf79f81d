using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>A run's blocks and managers, each with its events in order (<c>blocks</c>, <c>managers</c>).</summary>
internal sealed record BlockHistory(IReadOnlyList<BlockHistory.Subject> Blocks, IReadOnlyList<BlockHistory.Subject> Managers)
{
    /// <summary>A block (<see cref="Name"/> its id, with its provider and job) or a manager (its location), with its executor, block and events.</summary>
    public sealed record Subject(string? Executor, string? Block, string Name, string? Provider, string? Job, IReadOnlyList<Event> Events);

    public sealed record Event(string What, string Time, string? Message);

    public static BlockHistory Load(SqliteConnection connection, string run) => new(
        Subjects(connection, "SELECT executor, block, block, provider, job, event, time, message FROM blocks WHERE run_id = $run ORDER BY rowid", run),
        Subjects(connection, "SELECT executor, block, location, NULL, NULL, event, time, message FROM managers WHERE run_id = $run ORDER BY rowid", run));

    private static List<Subject> Subjects(SqliteConnection connection, string sql, string run)
    {
        var subjects = new Dictionary<(string?, string?, string), (string? Provider, string? Job, List<Event> Events)>();
        using var reader = connection.Query(sql, ("$run", run));
        while (reader.Read())
        {
            var key = (reader.Text(0), reader.Text(1), reader.Text(2) ?? "");
            if (!subjects.TryGetValue(key, out var subject))
                subjects[key] = subject = (null, null, []);
            subject.Events.Add(new Event(reader.GetString(5), reader.GetString(6), reader.Text(7)));
            subjects[key] = (reader.Text(3) ?? subject.Provider, reader.Text(4) ?? subject.Job, subject.Events);
        }
        return [.. subjects.Select(s => new Subject(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Value.Provider, s.Value.Job, s.Value.Events))];
    }
}
