using Parsl.Executors;
using Parsl.Monitoring;

namespace Parsl.Dashboard.Tests;

/// <summary>
/// A real run recorded by <see cref="MonitoringDatabase"/> and over: <see cref="DashboardApps.Pipeline"/> on threads,
/// 16 tasks (14 done, 1 failed, 1 skipped because its input failed), served by a dashboard on a free loopback port.
/// </summary>
public sealed class FinishedRun : IAsyncLifetime
{
    public const int Squares = 12;

    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-dashboard-finished-").FullName;

    public string DatabasePath => Path.Combine(_scratch, "runinfo", "monitoring.db");

    public string RunId { get; private set; } = "";

    public long FailedTask { get; private set; }

    public long SkippedTask { get; private set; }

    public long SaidTask { get; private set; }

    public DashboardServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var outputs = Directory.CreateDirectory(Path.Combine(_scratch, "outputs")).FullName;
        using (var database = new MonitoringDatabase(DatabasePath) { FlushInterval = TimeSpan.FromMilliseconds(50) })
        {
            await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
            {
                Executors = [new ThreadPoolExecutor("local", 4)],
                RunDirectory = Path.Combine(_scratch, "runinfo"),
                ExitOnCtrlC = false,
                PrintFailureReport = false,
                Observers = [database],
            });
            var (sum, skipped, said) = DashboardApps.Pipeline(Squares, outputs);
            Assert.Equal(650, await sum);
            await Assert.ThrowsAnyAsync<Exception>(async () => await skipped);
            await said;
        }
        RunId = (string)Db.Scalar(DatabasePath, "SELECT run_id FROM runs")!;
        FailedTask = Db.Count(DatabasePath, "SELECT task_id FROM tasks WHERE state = 'failed'");
        SkippedTask = Db.Count(DatabasePath, "SELECT task_id FROM tasks WHERE state = 'dependency_failed'");
        SaidTask = Db.Count(DatabasePath, "SELECT task_id FROM tasks WHERE app LIKE '%.Say'");
        Server = await DashboardServer.StartAsync(new DashboardOptions { DatabasePath = DatabasePath });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }
}
