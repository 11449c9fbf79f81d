using Microsoft.Data.Sqlite;

namespace Parsl.Tests;

/// <summary>
/// The monitoring database after the Docking sample, run as a user runs it (its own process, a YAML config with
/// <c>monitoring: true</c>) on threads and on worker processes, twice: the second run answers every dock from the first
/// run's checkpoint.
/// </summary>
public sealed class DockingMonitoringTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-docking-monitoring-").FullName;

    [Fact]
    public async Task Docking_on_threads_records_every_task_in_order_and_the_second_run_answers_from_its_checkpoint()
    {
        using var db = await RunTwiceAsync("executors:\n  - type: threads\n    label: local\n    max_threads: 8\n");

        AssertCommonRecord(db);
        Assert.Equal(26L, Scalar(db, "SELECT count(*) FROM tries WHERE executor = 'local' AND outcome = 'succeeded'")); // 25, then Analyze again
    }

    [Fact]
    public async Task Docking_on_worker_processes_records_where_each_try_ran_and_what_it_cost()
    {
        using var db = await RunTwiceAsync("executors:\n  - type: htex\n    label: htex\n    cores_per_worker: 0.25\n    max_workers_per_node: 8\n    provider: { type: local }\n");

        AssertCommonRecord(db);
        // Every try ran on a worker of a connected manager, which measured it.
        Assert.Equal(26L, Scalar(db, "SELECT count(*) FROM tries WHERE executor = 'htex' AND outcome = 'succeeded'")); // 25, then Analyze again
        Assert.Equal(0L, Scalar(db, """
            SELECT count(*) FROM tries r WHERE block IS NULL OR manager IS NULL OR host IS NULL OR worker IS NULL
                OR cpu_seconds IS NULL OR cpu_seconds <= 0 OR peak_memory_bytes IS NULL OR peak_memory_bytes < 1000000
                OR NOT EXISTS (SELECT 1 FROM managers m WHERE m.run_id = r.run_id AND m.block = r.block AND m.event = 'connected')
            """));
        Assert.Equal(Environment.MachineName, Scalar(db, "SELECT DISTINCT host FROM tries"));
        Assert.True((long)Scalar(db, "SELECT count(DISTINCT worker) FROM tries")! >= 2, "the docks should spread over the workers");
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM tries WHERE worker NOT LIKE 'worker _ (pid %)'"));
    }

    /// <summary>What both executors must leave: two runs, every task's states in order, the graph, the call sites and inputs.</summary>
    private static void AssertCommonRecord(SqliteConnection db)
    {
        var (first, second) = ((string)Scalar(db, "SELECT run_id FROM runs ORDER BY started LIMIT 1")!, (string)Scalar(db, "SELECT run_id FROM runs ORDER BY started DESC LIMIT 1")!);
        Assert.Equal(2L, Scalar(db, "SELECT count(*) FROM runs WHERE finished IS NOT NULL"));
        Assert.Equal(50L, Scalar(db, "SELECT count(*) FROM tasks WHERE state = 'done'"));
        Assert.Equal(25L, Count(db, "SELECT count(*) FROM tries WHERE run_id = $run", first));
        Assert.Equal(1L, Count(db, "SELECT count(*) FROM tries WHERE run_id = $run", second)); // only Analyze runs again
        Assert.Equal(24L, Count(db, "SELECT count(*) FROM tasks WHERE run_id = $run AND memo_hit = 1 AND checkpoint_hit = 1", second));
        Assert.Equal(0L, Count(db, "SELECT count(*) FROM tasks WHERE run_id = $run AND memo_hit = 1", first));
        // Every task that ran has its executor; the docks answered from the checkpoint never ran, so have none.
        Assert.Equal(0L, Count(db, "SELECT count(*) FROM tasks WHERE run_id = $run AND executor IS NULL", first));
        Assert.Equal(24L, Count(db, "SELECT count(*) FROM tasks WHERE run_id = $run AND executor IS NULL", second));
        Assert.Equal(24L, Count(db, "SELECT count(*) FROM tasks WHERE run_id = $run AND executor IS NULL AND checkpoint_hit = 1", second));

        // Every task's states, in order.
        string[] ran = ["pending", "inputs_resolved", "launched", "running", "try_succeeded", "done"];
        string[] fromCheckpoint = ["pending", "inputs_resolved", "checkpoint_hit", "done"];
        foreach (var (run, taskId, app) in Tasks(db))
            Assert.Equal(run == second && app.EndsWith(".Dock", StringComparison.Ordinal) ? fromCheckpoint : ran, States(db, run, taskId));

        // Where each dock's report went: the file it wrote.
        var reports = Strings(db, "SELECT stdout FROM tasks WHERE run_id = $run AND app LIKE '%.Dock'", first);
        Assert.Equal(24, reports.Count);
        Assert.All(reports, report => Assert.True(File.Exists(report) && report.Contains("docking-out", StringComparison.Ordinal), $"{report} should be a dock's report"));

        // Call sites, inputs' task ids, and the compile-time graph joined with the tasks.
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM tasks WHERE call_file NOT LIKE '%Screening.cs' OR call_line IS NULL"));
        Assert.Equal(24L, Count(db, "SELECT json_array_length(inputs) FROM tasks WHERE run_id = $run AND app LIKE '%.Analyze'", first));
        Assert.Equal(2L, Count(db, "SELECT count(*) FROM workflow_nodes WHERE run_id = $run AND workflow = 'Docking.Screening.Screen'", first));
        Assert.Equal(24L, Count(db, """
            SELECT count(*) FROM tasks t JOIN workflow_nodes n ON n.run_id = t.run_id AND n.app = t.app AND n.line = t.call_line
            WHERE t.run_id = $run AND n.label LIKE 'Dock ×N%'
            """, first));
    }

    private async Task<SqliteConnection> RunTwiceAsync(string executors)
    {
        var config = Path.Combine(_scratch, "monitored.yaml");
        await File.WriteAllTextAsync(config, executors + "monitoring: true\ncheckpoint: task_exit\ncheckpoint_files: latest\n");
        for (var run = 0; run < 2; run++)
        {
            using var sample = ChildProcess.Start("Docking", _scratch, "--config", config);
            var stdout = sample.StandardOutput.ReadToEndAsync();
            var stderr = sample.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(120)));
            await sample.WaitForExitAsync(timeout.Token);
            Assert.True(sample.ExitCode == 0, $"Docking run {run + 1} exited with {sample.ExitCode}: {await stderr}");
            Assert.Contains("Docked 24 protein-ligand pairs", await stdout, StringComparison.Ordinal);
        }
        var db = new SqliteConnection($"Data Source={Path.Combine(_scratch, "runinfo", "monitoring.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        return db;
    }

    private static List<(string Run, long TaskId, string App)> Tasks(SqliteConnection db)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT run_id, task_id, app FROM tasks ORDER BY run_id, task_id";
        using var reader = command.ExecuteReader();
        var tasks = new List<(string, long, string)>();
        while (reader.Read())
            tasks.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        return tasks;
    }

    private static List<string> States(SqliteConnection db, string run, long taskId)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT state FROM state_changes WHERE run_id = $run AND task_id = $task ORDER BY rowid";
        command.Parameters.AddWithValue("$run", run);
        command.Parameters.AddWithValue("$task", taskId);
        using var reader = command.ExecuteReader();
        var states = new List<string>();
        while (reader.Read())
            states.Add(reader.GetString(0));
        return states;
    }

    private static List<string> Strings(SqliteConnection db, string sql, string run)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$run", run);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(reader.IsDBNull(0) ? "(null)" : reader.GetString(0));
        return values;
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static long Count(SqliteConnection db, string sql, string run)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$run", run);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
