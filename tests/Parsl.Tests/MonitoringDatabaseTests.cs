using Microsoft.Data.Sqlite;
using Parsl.Executors;
using Parsl.Monitoring;
using static Parsl.Tests.MonitoredRun;

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

    private Task<string> RunAsync(IExecutor executor) => RecordAsync(_scratch, executor, async () =>
    {
        var doubled = Enumerable.Range(1, 5).Select(i => MonitoredApps.DoubleAsync(i)).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await MonitoredApps.FailAsync(7));
        Assert.Equal(6, await MonitoredApps.TripleAsync(2));
        Assert.Equal(6, await MonitoredApps.TripleAsync(2)); // answered from the memo table
        foreach (var future in doubled)
            await future;
    });

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
        // The task's executor is its try's; the memo hit never ran, so it has none.
        Assert.Equal(7L, Scalar(db, "SELECT count(*) FROM tasks WHERE executor = 'local' AND memo_hit = 0"));
        Assert.Equal(DBNull.Value, Scalar(db, "SELECT executor FROM tasks WHERE memo_hit = 1"));
    }

    [Fact]
    public async Task A_run_on_worker_processes_records_where_each_try_ran()
    {
        var path = await RunAsync(new HighThroughputExecutor("htex") { MaxWorkersPerNode = 2, HeartbeatPeriod = TestTimings.HeartbeatPeriod, HeartbeatThreshold = TestTimings.HeartbeatThreshold });

        using var db = Open(path);
        Assert.Equal(7L, Scalar(db, "SELECT count(*) FROM tries WHERE executor = 'htex' AND location IS NOT NULL"));
        Assert.Equal(["pending", "inputs_resolved", "launched", "running", "try_succeeded", "done"], States(db, "Double", 0));
        Assert.Equal(7L, Scalar(db, "SELECT count(*) FROM tasks WHERE executor = 'htex'"));
        Assert.True((long)Scalar(db, "SELECT count(*) FROM managers WHERE event = 'connected'")! >= 1);

        // Each block's rows carry its provider and the scheduler's job id, and its events come in the order they happened.
        var blocks = Rows(db, "SELECT block, provider, job, event FROM blocks ORDER BY rowid");
        Assert.NotEmpty(blocks);
        Assert.All(blocks, row => Assert.Equal("local", row[1]));
        Assert.All(blocks, row => Assert.False(row[2] is DBNull || string.IsNullOrEmpty((string)row[2]), $"block {row[0]}'s '{row[3]}' row has no job id"));
        foreach (var events in blocks.GroupBy(row => row[0]).Select(block => block.Select(row => (string)row[3]).ToList()))
            Assert.Equal(["requested", "started", "released"], events);
        // Even those that came before the run's start (its executor's first block): every row is the run's.
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM blocks WHERE run_id NOT IN (SELECT run_id FROM runs)"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM managers WHERE run_id NOT IN (SELECT run_id FROM runs)"));
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

    [Fact]
    public void A_database_that_cannot_be_opened_is_refused_by_name_with_what_to_do()
    {
        var folder = Path.Combine(_scratch, "not-a-folder");
        File.WriteAllText(folder, "a file where the database's folder would be");

        var refusal = Assert.Throws<InvalidOperationException>(() => new MonitoringWriter(Path.Combine(folder, "monitoring.db")));

        Assert.StartsWith($"The monitoring database {Path.Combine(folder, "monitoring.db")} cannot be opened (", refusal.Message, StringComparison.Ordinal);
        Assert.EndsWith("give MonitoringDatabase (YAML monitoring: { database: PATH }) a file in a folder you can write.", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_of_another_schema_version_is_refused_by_name_and_left_as_it_was()
    {
        var path = Path.Combine(_scratch, "runinfo", "monitoring.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = "CREATE TABLE runs (run_id TEXT); PRAGMA user_version = 2";
            create.ExecuteNonQuery();
        }

        var refusal = Assert.Throws<InvalidOperationException>(() => new MonitoringWriter(path));
        Assert.Contains($"{path} is a monitoring database of schema version 2, not {MonitoringSchema.Version}: give this run another file",
            refusal.Message, StringComparison.Ordinal);

        // A run with it goes on without monitoring, and says so.
        var logging = new CapturingLoggerFactory();
        using (var database = new MonitoringDatabase())
        await using (await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", 1)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            LoggerFactory = logging,
            Observers = [database],
        }))
        {
            Assert.Equal(2, await MonitoredApps.DoubleAsync(1));
        }
        Assert.True(logging.Contains(Microsoft.Extensions.Logging.LogLevel.Error, "Run observer MonitoringDatabase threw on RunStarted"),
            "the run should log why it records nothing");
        using var db = Open(path);
        Assert.Equal(2L, Scalar(db, "PRAGMA user_version"));
        Assert.Equal(0L, Scalar(db, "SELECT count(*) FROM runs"));
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
