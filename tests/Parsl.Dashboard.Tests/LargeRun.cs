using System.Globalization;
using Microsoft.Data.Sqlite;
using Parsl.Executors;
using Parsl.Monitoring;

namespace Parsl.Dashboard.Tests;

/// <summary>
/// A recorded run of 100,000 tasks over an hour on 64 workers (4 blocks of 2 managers of 8 workers), written by hand into
/// a database whose schema a real run created: one Prepare, 99,998 Simulate calls fanned out from one call site (one in
/// 997 of them failed), one Analyze, each try with its worker, CPU time and peak memory.
/// </summary>
public sealed class LargeRun : IAsyncLifetime
{
    public const int Tasks = 100_000, Workers = 64, FailEvery = 997;
    public const string RunId = "large0000000000000000000000000000";
    public const string Workflow = "Science.Campaign.Run";
    private static readonly DateTime Start = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-dashboard-large-").FullName;

    public string DatabasePath => Path.Combine(_scratch, "runinfo", "monitoring.db");

    public static int FailedSimulations => Enumerable.Range(2, Tasks - 2).Count(i => i % FailEvery == 0);

    public DashboardServer Server { get; private set; } = null!;

    /// <summary>A second dashboard on the same file that keeps no finished run's charts: every page is read and drawn afresh.</summary>
    public DashboardServer UncachedServer { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The schema exactly as the writer makes it: a real run with no task creates the file.
        using (var database = new MonitoringDatabase(DatabasePath))
        await using (await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", 1)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            Observers = [database],
        }))
        {
        }
        Write();
        Server = await DashboardServer.StartAsync(new DashboardOptions { DatabasePath = DatabasePath });
        UncachedServer = await DashboardServer.StartAsync(new DashboardOptions { DatabasePath = DatabasePath }, cacheRuns: 0, CancellationToken.None);
    }

    private void Write()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var insertRun = Command(connection, "INSERT INTO runs VALUES ($1, $2, 'node0', 'scientist', $3, $4, $5)");
        Run(insertRun, RunId, "/scratch/campaign/runinfo/007", Time(0), Time(3600), $"{Tasks} tasks: {Tasks - FailedSimulations} done, {FailedSimulations} failed");

        var node = Command(connection, "INSERT INTO workflow_nodes VALUES ($1, $2, $3, $4, $5, $6, $7, 0, NULL)");
        Run(node, RunId, Workflow, "n0", "Science.Campaign.Prepare", "Prepare", 10L, null);
        Run(node, RunId, Workflow, "n1", "Science.Campaign.Simulate", "Simulate ×N (samples)", 12L, "samples");
        Run(node, RunId, Workflow, "n2", "Science.Campaign.Analyze", "Analyze", 14L, null);
        var edge = Command(connection, "INSERT INTO workflow_edges VALUES ($1, $2, $3, $4, $5, NULL)");
        Run(edge, RunId, Workflow, "n0", "n1", "setup");
        Run(edge, RunId, Workflow, "n1", "n2", "results");

        var task = Command(connection, """
            INSERT INTO tasks (run_id, task_id, app, executor, call_file, call_line, inputs, submitted, pending_inputs, inputs_resolved, completed, state, exception)
            VALUES ($1, $2, $3, 'htex', 'Campaign.cs', $4, $5, $6, $7, $8, $9, $10, $11)
            """);
        var attempt = Command(connection, """
            INSERT INTO tries (run_id, task_id, try, executor, launched, started, ended, outcome, location, block, manager, worker, host, exception, cpu_seconds, peak_memory_bytes)
            VALUES ($1, $2, 1, 'htex', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            """);
        var state = Command(connection, "INSERT INTO state_changes VALUES ($1, $2, $3, $4, $5)");
        for (var id = 1; id <= Tasks; id++)
        {
            var (app, line, start, seconds) = id switch
            {
                1 => ("Science.Campaign.Prepare", 10L, 1.0, 1.0),
                Tasks => ("Science.Campaign.Analyze", 14L, 3597.0, 2.0),
                // Each worker runs every 64th simulation, one after another, about 2.3 s each.
                _ => ("Science.Campaign.Simulate", 12L, 2.2 + (id - 2) / Workers * 2.3, 2.0 + id % 7 * 0.04),
            };
            var failed = id is > 1 and < Tasks && id % FailEvery == 0;
            var exception = failed ? $"ArithmeticException: sample {id} diverged" : null;
            var worker = (id - 1) % Workers;
            var (block, manager) = (worker / 16, worker / 8);
            Run(task, RunId, (long)id, app, line, id == 1 ? null : "[1]", Time(0.5), id == 1 ? 0L : 1L, Time(start - 0.1), Time(start + seconds), failed ? "failed" : "done", exception);
            Run(attempt, RunId, (long)id, Time(start - 0.05), Time(start), Time(start + seconds), failed ? "failed" : "succeeded",
                $"manager {manager} on node{manager} (block {block})", block.ToString(CultureInfo.InvariantCulture), $"manager {manager}", $"worker {worker % 8}",
                $"node{manager}", exception, seconds * 0.97, 200L * 1024 * 1024 + id % 13 * 10L * 1024 * 1024);
            Run(state, RunId, (long)id, null, "pending", Time(0.5));
            Run(state, RunId, (long)id, 1L, "running", Time(start));
            Run(state, RunId, (long)id, null, failed ? "failed" : "done", Time(start + seconds));
        }
        var blockEvent = Command(connection, "INSERT INTO blocks (run_id, executor, block, provider, job, event, time) VALUES ($1, 'htex', $2, 'slurm', $3, $4, $5)");
        var managerEvent = Command(connection, "INSERT INTO managers VALUES ($1, 'htex', $2, $3, $4, $5, NULL)");
        for (var b = 0; b < 4; b++)
        {
            var id = b.ToString(CultureInfo.InvariantCulture);
            Run(blockEvent, RunId, id, $"{4200 + b}", "requested", Time(0.1));
            Run(blockEvent, RunId, id, $"{4200 + b}", "started", Time(0.9));
            Run(blockEvent, RunId, id, $"{4200 + b}", "released", Time(3599.5));
            for (var m = 2 * b; m < 2 * b + 2; m++)
                Run(managerEvent, RunId, id, $"manager {m} on node{m} (block {b})", "connected", Time(1.0));
        }
        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 1; i <= sql.Count(c => c == '$'); i++)
            command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private static string Time(double seconds) => Start.AddSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await UncachedServer.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }
}
