using System.Globalization;
using Microsoft.Data.Sqlite;
using Parsl.Events;

namespace Parsl.Monitoring;

/// <summary>
/// Writes events into the database: one connection, one prepared statement per kind of row, and one transaction per
/// batch, so a run's half a million events cost a few thousand commits. WAL mode with <c>synchronous = NORMAL</c>: a
/// committed batch survives the process being killed.
/// </summary>
internal sealed class MonitoringWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private string _runId = "";

    public MonitoringWriter(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        var version = Scalar("PRAGMA user_version");
        var tables = Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        if (tables > 0 && version != MonitoringSchema.Version)
            throw new InvalidOperationException(
                $"{path} is a monitoring database of schema version {version}, not {MonitoringSchema.Version}: give this run another file (ParslConfig's monitoring database), or move that one away.");
        Execute(MonitoringSchema.Create + $"PRAGMA user_version = {MonitoringSchema.Version}; PRAGMA synchronous = NORMAL;");
    }

    /// <summary>Writes <paramref name="events"/> in one transaction.</summary>
    public void Write(IReadOnlyList<MonitoredEvent> events)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var e in events)
            Apply(e, transaction);
        transaction.Commit();
    }

    private void Apply(MonitoredEvent e, SqliteTransaction transaction)
    {
        var time = Text(e.Time);
        switch (e.Kind)
        {
            case RunEventKind.RunStarted:
                _runId = Guid.NewGuid().ToString("N");
                Run(transaction, "INSERT INTO runs (run_id, run_dir, host, user, started) VALUES ($1, $2, $3, $4, $5)",
                    _runId, e.Message ?? "", Environment.MachineName, Environment.UserName, time);
                break;
            case RunEventKind.RunFinished:
                Run(transaction, "UPDATE runs SET finished = $2, summary = $3 WHERE run_id = $1", _runId, time, e.Message);
                break;
            case RunEventKind.TaskSubmitted:
                Run(transaction, "INSERT OR REPLACE INTO tasks (run_id, task_id, app, submitted, pending_inputs) VALUES ($1, $2, $3, $4, $5)",
                    _runId, e.TaskId, e.App ?? "", time, e.Inputs);
                State(transaction, e, "pending", time);
                break;
            case RunEventKind.DependenciesResolved:
                Run(transaction, "UPDATE tasks SET inputs_resolved = $3 WHERE run_id = $1 AND task_id = $2", _runId, e.TaskId, time);
                State(transaction, e, "inputs_resolved", time);
                break;
            case RunEventKind.MemoHit:
                Run(transaction, "UPDATE tasks SET memo_hit = 1 WHERE run_id = $1 AND task_id = $2", _runId, e.TaskId);
                State(transaction, e, "memo_hit", time);
                break;
            case RunEventKind.TryLaunched:
                Run(transaction, "INSERT OR REPLACE INTO tries (run_id, task_id, try, executor, launched) VALUES ($1, $2, $3, $4, $5)",
                    _runId, e.TaskId, e.Try, e.Executor, time);
                State(transaction, e, "launched", time);
                break;
            case RunEventKind.TryStarted:
                Run(transaction, "UPDATE tries SET started = $4, location = $5 WHERE run_id = $1 AND task_id = $2 AND try = $3",
                    _runId, e.TaskId, e.Try, time, e.Where);
                State(transaction, e, "running", time);
                break;
            case RunEventKind.TrySucceeded or RunEventKind.TryFailed:
                var outcome = e.Kind == RunEventKind.TrySucceeded ? "succeeded" : "failed";
                Run(transaction, "UPDATE tries SET ended = $4, outcome = $5, exception = $6, location = coalesce(location, $7) WHERE run_id = $1 AND task_id = $2 AND try = $3",
                    _runId, e.TaskId, e.Try, time, outcome, e.Exception, e.Where);
                State(transaction, e, "try_" + outcome, time);
                break;
            case RunEventKind.RetryScheduled:
                State(transaction, e, "retry_scheduled", time);
                break;
            case RunEventKind.TaskCompleted:
                var state = StateName(e.State);
                Run(transaction, "UPDATE tasks SET completed = $3, state = $4, exception = $5 WHERE run_id = $1 AND task_id = $2",
                    _runId, e.TaskId, time, state, e.Exception);
                State(transaction, e, state, time);
                break;
            case RunEventKind.BlockRequested or RunEventKind.BlockStarted or RunEventKind.BlockFailed or RunEventKind.BlockReleased:
                Run(transaction, "INSERT INTO blocks (run_id, executor, block, job, event, time, message) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    _runId, e.Executor, e.Block, e.Job, Snake(e.Kind.ToString()["Block".Length..]), time, e.Message);
                break;
            case RunEventKind.ManagerConnected or RunEventKind.ManagerLost:
                Run(transaction, "INSERT INTO managers (run_id, executor, block, location, event, time, message) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    _runId, e.Executor, e.Block, e.Where, e.Kind == RunEventKind.ManagerConnected ? "connected" : "lost", time, e.Message);
                break;
            case RunEventKind.StageInStarted or RunEventKind.StageOutStarted:
                Run(transaction, "INSERT OR REPLACE INTO staged_files (run_id, url, direction, local_path, started) VALUES ($1, $2, $3, $4, $5)",
                    _runId, e.File ?? "", e.Kind == RunEventKind.StageInStarted ? "in" : "out", e.Where, time);
                break;
            case RunEventKind.StageInFinished or RunEventKind.StageOutFinished:
                Run(transaction, "UPDATE staged_files SET finished = $4, state = $5, note = $6, exception = $7 WHERE run_id = $1 AND url = $2 AND direction = $3",
                    _runId, e.File ?? "", e.Kind == RunEventKind.StageInFinished ? "in" : "out", time, StateName(e.State), e.Message, e.Exception);
                break;
        }
    }

    private void State(SqliteTransaction transaction, MonitoredEvent e, string state, string time) =>
        Run(transaction, "INSERT INTO state_changes (run_id, task_id, try, state, time) VALUES ($1, $2, $3, $4, $5)",
            _runId, e.TaskId, e.Try == 0 ? null : e.Try, state, time);

    /// <summary>Runs a statement prepared once per connection, with positional parameters <c>$1</c>, <c>$2</c>, ….</summary>
    private void Run(SqliteTransaction transaction, string sql, params object?[] values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
                command.Parameters.Add(new SqliteParameter("$" + (i + 1).ToString(CultureInfo.InvariantCulture), null));
            command.Prepare();
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string StateName(TaskState state) => Snake(state.ToString());

    // "DependencyFailed" -> "dependency_failed"
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public void Dispose()
    {
        foreach (var command in _commands.Values)
            command.Dispose();
        _connection.Dispose();
    }
}
