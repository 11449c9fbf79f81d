namespace Parsl.Monitoring;

/// <summary>The database's tables (docs/monitoring.md describes each, with the questions it answers). Times are UTC,
/// ISO 8601 with milliseconds, so SQLite's date functions read them.</summary>
internal static class MonitoringSchema
{
    /// <summary>Bumped on any change to a table; a database of another version is refused by name (the writer and the
    /// dashboard alike). 3 added <c>tasks.executor</c> and <c>blocks.provider</c>.</summary>
    public const int Version = 3;

    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS runs (
            run_id TEXT PRIMARY KEY, run_dir TEXT NOT NULL, host TEXT, user TEXT, started TEXT NOT NULL, finished TEXT, summary TEXT);
        CREATE TABLE IF NOT EXISTS tasks (
            run_id TEXT NOT NULL, task_id INTEGER NOT NULL, app TEXT NOT NULL, executor TEXT, call_file TEXT, call_line INTEGER, inputs TEXT, submitted TEXT NOT NULL,
            pending_inputs INTEGER, inputs_resolved TEXT, memo_hit INTEGER NOT NULL DEFAULT 0, checkpoint_hit INTEGER NOT NULL DEFAULT 0,
            completed TEXT, state TEXT, exception TEXT, stdout TEXT, stderr TEXT, PRIMARY KEY (run_id, task_id));
        CREATE TABLE IF NOT EXISTS tries (
            run_id TEXT NOT NULL, task_id INTEGER NOT NULL, try INTEGER NOT NULL, executor TEXT, launched TEXT, started TEXT,
            ended TEXT, outcome TEXT, location TEXT, block TEXT, manager TEXT, worker TEXT, host TEXT, exception TEXT,
            cpu_seconds REAL, peak_memory_bytes INTEGER, PRIMARY KEY (run_id, task_id, try));
        CREATE TABLE IF NOT EXISTS state_changes (
            run_id TEXT NOT NULL, task_id INTEGER NOT NULL, try INTEGER, state TEXT NOT NULL, time TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS state_changes_by_task ON state_changes (run_id, task_id);
        CREATE TABLE IF NOT EXISTS staged_files (
            run_id TEXT NOT NULL, url TEXT NOT NULL, direction TEXT NOT NULL, local_path TEXT, started TEXT, finished TEXT,
            state TEXT, note TEXT, exception TEXT, PRIMARY KEY (run_id, url, direction));
        CREATE TABLE IF NOT EXISTS blocks (
            run_id TEXT NOT NULL, executor TEXT, block TEXT, provider TEXT, job TEXT, event TEXT NOT NULL, time TEXT NOT NULL, message TEXT);
        CREATE TABLE IF NOT EXISTS managers (
            run_id TEXT NOT NULL, executor TEXT, block TEXT, location TEXT, event TEXT NOT NULL, time TEXT NOT NULL, message TEXT);
        CREATE TABLE IF NOT EXISTS workflow_nodes (
            run_id TEXT NOT NULL, workflow TEXT NOT NULL, node_id TEXT NOT NULL, app TEXT NOT NULL, label TEXT NOT NULL, line INTEGER,
            fan_out TEXT, dynamic INTEGER NOT NULL DEFAULT 0, staged_url TEXT, PRIMARY KEY (run_id, workflow, node_id));
        CREATE TABLE IF NOT EXISTS workflow_edges (
            run_id TEXT NOT NULL, workflow TEXT NOT NULL, from_node TEXT NOT NULL, to_node TEXT NOT NULL, parameter TEXT, file TEXT);
        """;
}
