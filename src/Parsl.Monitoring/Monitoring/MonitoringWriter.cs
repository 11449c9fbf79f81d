using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Parsl.Events;

namespace Parsl.Monitoring;

/// <summary>
/// Writes events into the database: one connection, one prepared statement per kind of row, and one transaction per
/// batch, so a run's half a million events cost a few hundred commits. WAL mode with <c>synchronous = NORMAL</c>: a
/// committed batch survives the process being killed.
/// </summary>
internal sealed class MonitoringWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, PreparedInsert> _statements = new(StringComparer.Ordinal);
    private string _runId = "";
    private bool _inRun;

    // Events of a run that come before it starts (its executors' first blocks): written under its id once it has one.
    private readonly List<MonitoredEvent> _beforeRun = [];

    public MonitoringWriter(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            _connection.Open();
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            _connection.Dispose();
            throw new InvalidOperationException($"The monitoring database {Path.GetFullPath(path)} cannot be opened ({exception.Message}): give MonitoringDatabase " +
                "(YAML monitoring: { database: PATH }) a file in a folder you can write.", exception);
        }
        var version = Scalar("PRAGMA user_version");
        var tables = Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'");
        if (tables > 0 && version != MonitoringSchema.Version)
            throw new InvalidOperationException(
                $"{path} is a monitoring database of schema version {version}, not {MonitoringSchema.Version}: give this run another file (ParslConfig's monitoring database), or move that one away.");
        Execute(MonitoringSchema.Create + $"PRAGMA user_version = {MonitoringSchema.Version}; PRAGMA synchronous = NORMAL;");
    }

    /// <summary>
    /// Writes <paramref name="events"/> in one transaction. A task's or try's events within the batch become one row
    /// written (or one update of the row an earlier batch wrote), and the state changes go in multi-row inserts: a
    /// statement costs more than a row.
    /// </summary>
    public void Write(IReadOnlyList<MonitoredEvent> events)
    {
        using var transaction = _connection.BeginTransaction();
        foreach (var e in events)
            Apply(e);
        WriteTasks();
        WriteTries();
        WriteStates();
        transaction.Commit();
    }

    // This batch's rows, written at its end.
    private readonly Dictionary<(string Run, long Task), TaskRow> _taskRows = [];
    private readonly Dictionary<(string Run, long Task, int Try), TryRow> _tryRows = [];
    private readonly List<object?> _states = [];

    // What a block's 'requested' event said, for its later rows: only that event names the provider, and the 'started'
    // event (a manager connecting) does not know the job.
    private readonly Dictionary<(string? Executor, string? Block), (string? Provider, string? Job)> _blocks = [];

    private TaskRow TaskOf(MonitoredEvent e) =>
        _taskRows.TryGetValue((_runId, e.TaskId), out var row) ? row : _taskRows[(_runId, e.TaskId)] = new TaskRow { IsNew = false };

    private TryRow TryOf(MonitoredEvent e) =>
        _tryRows.TryGetValue((_runId, e.TaskId, e.Try), out var row) ? row : _tryRows[(_runId, e.TaskId, e.Try)] = new TryRow { IsNew = false };

    private void Apply(MonitoredEvent e)
    {
        if (!_inRun && e.Kind != RunEventKind.RunStarted)
        {
            if (e.Kind == RunEventKind.RunFinished)
                _beforeRun.Clear(); // a run whose executors failed to start: it has no row to add them to
            else
                _beforeRun.Add(e);
            return;
        }
        var time = Text(e.Time);
        switch (e.Kind)
        {
            case RunEventKind.RunStarted:
                _runId = Guid.NewGuid().ToString("N");
                _inRun = true;
                _blocks.Clear();
                Run("INSERT INTO runs (run_id, run_dir, host, user, started) VALUES ($1, $2, $3, $4, $5)",
                    _runId, e.Message ?? "", Environment.MachineName, Environment.UserName, time);
                WriteGraphs();
                foreach (var early in _beforeRun)
                    Apply(early);
                _beforeRun.Clear();
                break;
            case RunEventKind.RunFinished:
                Run("UPDATE runs SET finished = $2, summary = $3 WHERE run_id = $1", _runId, time, e.Message);
                _inRun = false;
                break;
            case RunEventKind.TaskSubmitted:
                _taskRows[(_runId, e.TaskId)] = new TaskRow
                {
                    IsNew = true, App = e.App ?? "", Submitted = time, PendingInputs = e.Inputs, CallFile = e.CallFile, CallLine = e.CallLine == 0 ? null : e.CallLine,
                    Inputs = e.InputTaskIds,
                };
                State(e, "pending", time);
                break;
            case RunEventKind.DependenciesResolved:
                TaskOf(e).InputsResolved = time;
                State(e, "inputs_resolved", time);
                break;
            case RunEventKind.MemoHit:
                var hit = TaskOf(e);
                hit.MemoHit = true;
                hit.CheckpointHit |= e.FromCheckpoint;
                State(e, e.FromCheckpoint ? "checkpoint_hit" : "memo_hit", time);
                break;
            case RunEventKind.TryLaunched:
                _tryRows[(_runId, e.TaskId, e.Try)] = new TryRow { IsNew = true, Executor = e.Executor, Launched = time };
                TaskOf(e).Executor = e.Executor; // the latest try's: a retry handler may move a task
                State(e, "launched", time);
                break;
            case RunEventKind.TryStarted:
                var started = TryOf(e);
                started.Started = time;
                started.Location = e.Where;
                started.Block = e.Block;
                started.Manager = e.Manager;
                started.Host = e.Host;
                State(e, "running", time);
                break;
            case RunEventKind.TrySucceeded or RunEventKind.TryFailed:
                var ended = TryOf(e);
                ended.Ended = time;
                ended.Outcome = e.Kind == RunEventKind.TrySucceeded ? "succeeded" : "failed";
                ended.Exception = e.Exception;
                ended.Location ??= e.Where;
                ended.Worker = e.Worker;
                ended.CpuSeconds = e.CpuSeconds;
                ended.PeakMemoryBytes = e.PeakMemoryBytes;
                if (e.Stdout is not null || e.Stderr is not null)
                {
                    var task = TaskOf(e);
                    (task.Stdout, task.Stderr) = (e.Stdout, e.Stderr);
                }
                State(e, "try_" + ended.Outcome, time);
                break;
            case RunEventKind.RetryScheduled:
                State(e, "retry_scheduled", time);
                break;
            case RunEventKind.TaskCompleted:
                var completed = TaskOf(e);
                completed.Completed = time;
                completed.State = StateName(e.State);
                completed.Exception = e.Exception;
                State(e, completed.State, time);
                break;
            case RunEventKind.BlockRequested:
                _blocks[(e.Executor, e.Block)] = (e.Message, e.Job);
                Run("INSERT INTO blocks (run_id, executor, block, provider, job, event, time, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    _runId, e.Executor, e.Block, e.Message, e.Job, "requested", time, null);
                break;
            case RunEventKind.BlockStarted or RunEventKind.BlockFailed or RunEventKind.BlockReleased:
                var (provider, job) = _blocks.GetValueOrDefault((e.Executor, e.Block));
                Run("INSERT INTO blocks (run_id, executor, block, provider, job, event, time, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    _runId, e.Executor, e.Block, provider, e.Job ?? job, Snake(e.Kind.ToString()["Block".Length..]), time, e.Message);
                break;
            case RunEventKind.ManagerConnected or RunEventKind.ManagerLost:
                Run("INSERT INTO managers (run_id, executor, block, location, event, time, message) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    _runId, e.Executor, e.Block, e.Where, e.Kind == RunEventKind.ManagerConnected ? "connected" : "lost", time, e.Message);
                break;
            case RunEventKind.StageInStarted or RunEventKind.StageOutStarted:
                Run("INSERT OR REPLACE INTO staged_files (run_id, url, direction, local_path, started) VALUES ($1, $2, $3, $4, $5)",
                    _runId, e.File ?? "", e.Kind == RunEventKind.StageInStarted ? "in" : "out", e.Where, time);
                break;
            case RunEventKind.StageInFinished or RunEventKind.StageOutFinished:
                Run("UPDATE staged_files SET finished = $4, state = $5, note = $6, exception = $7 WHERE run_id = $1 AND url = $2 AND direction = $3",
                    _runId, e.File ?? "", e.Kind == RunEventKind.StageInFinished ? "in" : "out", time, StateName(e.State), e.Message, e.Exception);
                break;
        }
    }

    /// <summary>The compile-time graphs of the workflows loaded (<see cref="WorkflowRegistry"/>), with the run: a dashboard
    /// joins a node with its tasks on the app and the call's line.</summary>
    private void WriteGraphs()
    {
        foreach (var graph in WorkflowRegistry.Graphs)
        {
            foreach (var node in graph.Nodes)
                Run("INSERT OR REPLACE INTO workflow_nodes (run_id, workflow, node_id, app, label, line, fan_out, dynamic, staged_url) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    _runId, graph.Id, node.Id, node.AppId, node.Label, node.Line, node.FanOut.Count == 0 ? null : string.Join(" × ", node.FanOut), node.Dynamic ? 1 : 0, node.StagedUrl);
            foreach (var edge in graph.Edges)
                Run("INSERT INTO workflow_edges (run_id, workflow, from_node, to_node, parameter, file) VALUES ($1, $2, $3, $4, $5, $6)",
                    _runId, graph.Id, edge.From, edge.To, edge.Parameter, edge.File);
        }
    }

    private void WriteTasks()
    {
        foreach (var ((run, task), row) in _taskRows)
        {
            if (row.IsNew)
                Run("INSERT OR REPLACE INTO tasks (run_id, task_id, app, executor, call_file, call_line, inputs, submitted, pending_inputs, inputs_resolved, memo_hit, checkpoint_hit, completed, state, exception, stdout, stderr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
                    run, task, row.App, row.Executor, row.CallFile, row.CallLine, row.Inputs, row.Submitted, row.PendingInputs, row.InputsResolved, row.MemoHit ? 1 : 0, row.CheckpointHit ? 1 : 0,
                    row.Completed, row.State, row.Exception, row.Stdout, row.Stderr);
            else
                Run("UPDATE tasks SET executor = coalesce($3, executor), inputs_resolved = coalesce($4, inputs_resolved), memo_hit = max(memo_hit, $5), checkpoint_hit = max(checkpoint_hit, $6), completed = coalesce($7, completed), state = coalesce($8, state), exception = coalesce($9, exception), stdout = coalesce($10, stdout), stderr = coalesce($11, stderr) WHERE run_id = $1 AND task_id = $2",
                    run, task, row.Executor, row.InputsResolved, row.MemoHit ? 1 : 0, row.CheckpointHit ? 1 : 0, row.Completed, row.State, row.Exception, row.Stdout, row.Stderr);
        }
        _taskRows.Clear();
    }

    private void WriteTries()
    {
        foreach (var ((run, task, number), row) in _tryRows)
        {
            if (row.IsNew)
                Run("INSERT OR REPLACE INTO tries (run_id, task_id, try, executor, launched, started, ended, outcome, location, block, manager, worker, host, exception, cpu_seconds, peak_memory_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
                    run, task, number, row.Executor, row.Launched, row.Started, row.Ended, row.Outcome, row.Location, row.Block, row.Manager, row.Worker, row.Host, row.Exception,
                    row.CpuSeconds, row.PeakMemoryBytes);
            else
                Run("UPDATE tries SET started = coalesce($4, started), ended = coalesce($5, ended), outcome = coalesce($6, outcome), location = coalesce($7, location), block = coalesce($8, block), manager = coalesce($9, manager), worker = coalesce($10, worker), host = coalesce($11, host), exception = coalesce($12, exception), cpu_seconds = coalesce($13, cpu_seconds), peak_memory_bytes = coalesce($14, peak_memory_bytes) WHERE run_id = $1 AND task_id = $2 AND try = $3",
                    run, task, number, row.Started, row.Ended, row.Outcome, row.Location, row.Block, row.Manager, row.Worker, row.Host, row.Exception, row.CpuSeconds, row.PeakMemoryBytes);
        }
        _tryRows.Clear();
    }

    /// <summary>The batch's state changes, 64 rows to a statement, in the order they happened.</summary>
    private void WriteStates()
    {
        const int Columns = 5, RowsPerStatement = 64;
        for (var at = 0; at < _states.Count; at += Columns * RowsPerStatement)
        {
            var rows = Math.Min(RowsPerStatement, (_states.Count - at) / Columns);
            var values = string.Join(", ", Enumerable.Range(0, rows).Select(r =>
                "(" + string.Join(", ", Enumerable.Range(1, Columns).Select(c => "$" + (r * Columns + c).ToString(CultureInfo.InvariantCulture))) + ")"));
            Run("INSERT INTO state_changes (run_id, task_id, try, state, time) VALUES " + values, CollectionsMarshal.AsSpan(_states).Slice(at, rows * Columns));
        }
        _states.Clear();
    }

    private void State(MonitoredEvent e, string state, string time)
    {
        _states.Add(_runId);
        _states.Add(e.TaskId);
        _states.Add(e.Try == 0 ? null : e.Try);
        _states.Add(state);
        _states.Add(time);
    }

    /// <summary>What a batch learnt about one task: all of its row when it was submitted in the batch, else the changes.</summary>
    private sealed class TaskRow
    {
        public bool IsNew { get; init; }
        public string App { get; init; } = "";
        public string? Executor { get; set; }
        public string? CallFile { get; init; }
        public int? CallLine { get; init; }
        public string? Inputs { get; init; }
        public string? Submitted { get; init; }
        public int PendingInputs { get; init; }
        public string? InputsResolved { get; set; }
        public bool MemoHit { get; set; }
        public bool CheckpointHit { get; set; }
        public string? Completed { get; set; }
        public string? State { get; set; }
        public string? Exception { get; set; }
        public string? Stdout { get; set; }
        public string? Stderr { get; set; }
    }

    /// <summary>What a batch learnt about one try.</summary>
    private sealed class TryRow
    {
        public bool IsNew { get; init; }
        public string? Executor { get; init; }
        public string? Launched { get; init; }
        public string? Started { get; set; }
        public string? Ended { get; set; }
        public string? Outcome { get; set; }
        public string? Location { get; set; }
        public string? Block { get; set; }
        public string? Manager { get; set; }
        public string? Worker { get; set; }
        public string? Host { get; set; }
        public string? Exception { get; set; }
        public double? CpuSeconds { get; set; }
        public long? PeakMemoryBytes { get; set; }
    }

    /// <summary>Runs a statement prepared once per connection, with positional parameters <c>$1</c>, <c>$2</c>, …, in
    /// the batch's transaction.</summary>
    private void Run(string sql, params ReadOnlySpan<object?> values)
    {
        if (!_statements.TryGetValue(sql, out var statement))
            _statements[sql] = statement = new PreparedInsert(_connection, sql);
        statement.Run(values);
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
        foreach (var statement in _statements.Values)
            statement.Dispose();
        _connection.Dispose();
    }
}
