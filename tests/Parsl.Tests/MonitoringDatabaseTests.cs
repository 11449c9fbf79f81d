using Microsoft.Data.Sqlite;
using Parsl.Executors;
using Parsl.Monitoring;

namespace Parsl.Tests;

/// <summary>Apps whose runs the monitoring tests record.</summary>
public static partial class MonitoredApps
{
    [App]
    public static partial int Double(int x) => x * 2;

    [App]
    public static partial int Fail(int x) => throw new InvalidOperationException($"bad input {x}");

    [App(Cache = true)]
    public static partial int Triple(int x) => x * 3;
}

/// <summary>The monitoring database after real runs: what each table holds, in which order, on threads and on worker processes.</summary>
public sealed class MonitoringDatabaseTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-monitoring-").FullName;

    private async Task<string> RunAsync(IExecutor executor)
    {
        using var database = new MonitoringDatabase();
        await using (var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [executor],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            PrintFailureReport = false,
            Observers = [database],
        }))
        {
            var doubled = Enumerable.Range(1, 5).Select(i => MonitoredApps.DoubleAsync(i)).ToList();
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await MonitoredApps.FailAsync(7));
            Assert.Equal(6, await MonitoredApps.TripleAsync(2));
            Assert.Equal(6, await MonitoredApps.TripleAsync(2)); // answered from the memo table
            foreach (var future in doubled)
                await future;
        }
        return database.Path!;
    }

    [Fact]
    public async Task A_run_on_threads_leaves_its_tasks_tries_and_states_in_order()
    {
        var path = await RunAsync(new ThreadPoolExecutor("local", 2));

        Assert.Equal(Path.Combine(_scratch, "runinfo", "monitoring.db"), path);
        using var db = Open(path);
        Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM runs WHERE finished IS NOT NULL AND summary LIKE '8 tasks: 7 done%'"));
        Assert.Equal(8L, Scalar(db, "SELECT count(*) FROM tasks"));
        Assert.Equal(["pending", "inputs_resolved", "launched", "running", "try_succeeded", "done"], States(db, "Double", 0));
        Assert.Equal(["pending", "inputs_resolved", "memo_hit", "done"], States(db, "Triple", 1));
        Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM tasks WHERE memo_hit = 1"));
        Assert.Equal("failed", Scalar(db, "SELECT state FROM tasks WHERE app LIKE '%.Fail'"));
        Assert.Equal("InvalidOperationException: bad input 7", Scalar(db, "SELECT exception FROM tries WHERE outcome = 'failed'"));
        Assert.Equal(7L, Scalar(db, "SELECT count(*) FROM tries WHERE executor = 'local' AND ended IS NOT NULL"));
    }

    [Fact]
    public async Task A_run_on_worker_processes_records_where_each_try_ran()
    {
        var path = await RunAsync(new HighThroughputExecutor("htex") { MaxWorkersPerNode = 2, HeartbeatPeriod = TestTimings.HeartbeatPeriod, HeartbeatThreshold = TestTimings.HeartbeatThreshold });

        using var db = Open(path);
        Assert.Equal(7L, Scalar(db, "SELECT count(*) FROM tries WHERE executor = 'htex' AND location IS NOT NULL"));
        Assert.Equal(["pending", "inputs_resolved", "launched", "running", "try_succeeded", "done"], States(db, "Double", 0));
        Assert.True((long)Scalar(db, "SELECT count(*) FROM blocks")! >= 1);
        Assert.Equal("local", Scalar(db, "SELECT message FROM blocks WHERE event = 'requested' LIMIT 1")); // the provider
        Assert.True((long)Scalar(db, "SELECT count(*) FROM managers WHERE event = 'connected'")! >= 1);
    }

    [Fact]
    public async Task A_run_killed_with_sigkill_leaves_a_database_that_opens_with_every_finished_task()
    {
        using (var run = ChildProcess.Start("Parsl.ResumeProbe", _scratch, "monitor", "12"))
        {
            var stepsDone = new TaskCompletionSource();
            run.OutputDataReceived += (_, line) =>
            {
                if (line.Data == "steps done")
                    stepsDone.TrySetResult();
            };
            run.BeginOutputReadLine();
            await stepsDone.Task.WaitAsync(TestTimings.Scaled(TimeSpan.FromSeconds(60)));
            var path = Path.Combine(_scratch, "runinfo", "monitoring.db");
            // Written by a thread of its own: wait for the batch that holds the last step and the hanging app's start.
            await Poll.UntilAsync(() => CountWhileWritten(path, "SELECT count(*) FROM state_changes WHERE state = 'running' AND task_id = 13") == 1,
                TimeSpan.FromSeconds(60), "the monitoring database to show the hanging app running");
            ChildProcess.Signal(run, ChildProcess.SigKill);
            await run.WaitForExitAsync();
        }

        using var db = new SqliteConnection($"Data Source={Path.Combine(_scratch, "runinfo", "monitoring.db")};Pooling=False"); // read-write: recovers the WAL
        db.Open();
        Assert.Equal("ok", Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal(12L, Scalar(db, "SELECT count(*) FROM tasks WHERE state = 'done'"));
        Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM runs WHERE finished IS NULL"));
        Assert.Equal(DBNull.Value, Scalar(db, "SELECT state FROM tasks WHERE task_id = 13"));
    }

    private static long CountWhileWritten(string path, string sql)
    {
        if (!File.Exists(path))
            return -1;
        try
        {
            using var db = Open(path);
            return (long)Scalar(db, sql)!;
        }
        catch (SqliteException)
        {
            return -1; // not created yet
        }
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>The states of the <paramref name="index"/>-th task of an app, in the order they were recorded.</summary>
    private static List<string> States(SqliteConnection db, string app, int index)
    {
        using var command = db.CreateCommand();
        command.CommandText = """
            SELECT state FROM state_changes WHERE task_id =
                (SELECT task_id FROM tasks WHERE app LIKE '%.' || $app ORDER BY task_id LIMIT 1 OFFSET $index)
            ORDER BY rowid
            """;
        command.Parameters.AddWithValue("$app", app);
        command.Parameters.AddWithValue("$index", index);
        using var reader = command.ExecuteReader();
        var states = new List<string>();
        while (reader.Read())
            states.Add(reader.GetString(0));
        return states;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
