using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Tests;

/// <summary>The files a dashboard refuses, each with a message that names the file and says what to give instead.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DatabaseCheckTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-dashboard-check-").FullName;

    [Fact]
    public async Task A_missing_file_is_refused_by_name()
    {
        var path = Path.Combine(_scratch, "nowhere", "monitoring.db");
        var refused = await RefusedAsync(path);
        Assert.Contains($"The monitoring database {path} does not exist", refused, StringComparison.Ordinal);
        Assert.False(File.Exists(path), "checking must not create the file");
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_refused()
    {
        var path = Path.Combine(_scratch, "notes.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        Assert.Contains($"{path} is not a SQLite database", await RefusedAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sqlite_file_without_the_runs_table_is_refused()
    {
        var path = Path.Combine(_scratch, "other.db");
        Db.Execute(path, "CREATE TABLE things (id INTEGER)");
        Assert.Contains("not a Parsl monitoring database (it has no runs table)", await RefusedAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_monitoring_database_of_another_schema_version_is_refused_with_both_versions()
    {
        var path = Path.Combine(_scratch, "old.db");
        Db.Execute(path, "CREATE TABLE runs (run_id TEXT); PRAGMA user_version = 1");
        Assert.Contains($"schema version 1; this dashboard reads version {RunDatabase.SchemaVersion}", await RefusedAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_reads_the_schema_version_the_monitoring_writer_writes()
    {
        var path = Path.Combine(_scratch, "runinfo", "monitoring.db");
        using (var database = new Parsl.Monitoring.MonitoringDatabase(path))
        await using (await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new Parsl.Executors.ThreadPoolExecutor("local", 1)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            Observers = [database],
        }))
        {
        }
        Assert.Equal((long)RunDatabase.SchemaVersion, Db.Count(path, "PRAGMA user_version"));
        await using var server = await DashboardServer.StartAsync(new DashboardOptions { DatabasePath = path });
    }

    private static async Task<string> RefusedAsync(string path) =>
        (await Assert.ThrowsAsync<DashboardStartException>(() => DashboardServer.StartAsync(new DashboardOptions { DatabasePath = path }))).Message;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
