using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>Everything the database holds about one task: its row, its tries, its state changes and its input tasks.</summary>
internal sealed record TaskDetail(
    long TaskId, string App, string? Executor, string State, string? CallFile, long? CallLine, IReadOnlyList<long> Inputs, string Submitted, long? PendingInputs,
    string? InputsResolved, bool MemoHit, bool CheckpointHit, string? Completed, string? Exception, string? Stdout, string? Stderr,
    IReadOnlyList<TaskDetail.Try> Tries, IReadOnlyList<TaskDetail.StateChange> States)
{
    public sealed record Try(int Number, string? Executor, string? Block, string? Manager, string? Worker, string? Host, string? Location,
        string? Launched, string? Started, string? Ended, string? Outcome, string? Exception, double? CpuSeconds, long? PeakMemoryBytes);

    public sealed record StateChange(string State, long? Try, string Time);

    public static TaskDetail? Load(SqliteConnection connection, string run, long task)
    {
        TaskDetail detail;
        using (var reader = connection.Query($"""
            SELECT t.app, t.executor, {ShownState.Expression}, t.call_file, t.call_line, t.inputs, t.submitted, t.pending_inputs, t.inputs_resolved,
                   t.memo_hit, t.checkpoint_hit, t.completed, t.exception, t.stdout, t.stderr
            FROM tasks t WHERE t.run_id = $run AND t.task_id = $task
            """, ("$run", run), ("$task", task)))
        {
            if (!reader.Read())
                return null;
            detail = new TaskDetail(task, reader.GetString(0), reader.Text(1), reader.GetString(2), reader.Text(3), reader.Integer(4), ParseInputs(reader.Text(5)),
                reader.GetString(6), reader.Integer(7), reader.Text(8), reader.GetInt64(9) != 0, reader.GetInt64(10) != 0, reader.Text(11),
                reader.Text(12), reader.Text(13), reader.Text(14), [], []);
        }
        var tries = new List<Try>();
        using (var reader = connection.Query("""
            SELECT try, executor, block, manager, worker, host, location, launched, started, ended, outcome, exception, cpu_seconds, peak_memory_bytes
            FROM tries WHERE run_id = $run AND task_id = $task ORDER BY try
            """, ("$run", run), ("$task", task)))
            while (reader.Read())
                tries.Add(new Try(reader.GetInt32(0), reader.Text(1), reader.Text(2), reader.Text(3), reader.Text(4), reader.Text(5), reader.Text(6),
                    reader.Text(7), reader.Text(8), reader.Text(9), reader.Text(10), reader.Text(11), reader.Real(12), reader.Integer(13)));
        var states = new List<StateChange>();
        using (var reader = connection.Query("SELECT state, try, time FROM state_changes WHERE run_id = $run AND task_id = $task ORDER BY rowid", ("$run", run), ("$task", task)))
            while (reader.Read())
                states.Add(new StateChange(reader.GetString(0), reader.Integer(1), reader.GetString(2)));
        return detail with { Tries = tries, States = states };
    }

    /// <summary>The <c>inputs</c> column: a JSON array of task ids, e.g. <c>[3,7]</c>; empty when not recorded.</summary>
    private static long[] ParseInputs(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return [];
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt64())]
                : [];
        }
        catch (JsonException)
        {
            return []; // a malformed value shows as no inputs rather than a broken page
        }
    }
}
