using Microsoft.Data.Sqlite;
using Parsl.Executors;
using Parsl.Package.Tests;
using static Parsl.Tests.MonitoredRun;

namespace Parsl.Tests;

/// <summary>The SQL examples of docs/monitoring.md, each run against the database of a real run, so none goes stale when the schema changes.</summary>
public sealed class MonitoringDocsQueriesTests : IDisposable
{
    private const string Page = "docs/monitoring.md";

    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-monitoring-docs-").FullName;

    [Fact]
    public async Task Every_sql_example_of_the_monitoring_page_runs_on_a_recorded_run()
    {
        // Something for every table: tries on worker processes (blocks, managers, usage), a memo hit, a failure,
        // a task that takes another's result, a file staged in over HTTP; the compile-time graphs come with the run.
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/input.txt"] = "input\n"u8.ToArray();
        var path = await RecordAsync(_scratch,
            new HighThroughputExecutor("htex") { MaxWorkersPerNode = 2, HeartbeatPeriod = TestTimings.HeartbeatPeriod, HeartbeatThreshold = TestTimings.HeartbeatThreshold },
            async () =>
            {
                var doubled = MonitoredApps.DoubleAsync(1);
                Assert.Equal(4, await MonitoredApps.DoubleAsync(doubled));
                await Assert.ThrowsAsync<InvalidOperationException>(async () => await MonitoredApps.FailAsync(7));
                Assert.Equal(6, await MonitoredApps.TripleAsync(2));
                Assert.Equal(6, await MonitoredApps.TripleAsync(2));
                Assert.Equal("input\n", await RemoteFileApps.ReadTextAsync(new DataFile(server.BaseUrl + "/input.txt")));
            });
        using var db = Open(path);
        var run = (string)Scalar(db, "SELECT run_id FROM runs")!;
        var task = (long)Scalar(db, "SELECT task_id FROM tasks WHERE inputs IS NOT NULL")!;

        var examples = MarkdownCode.Blocks(ChildProcess.Repository, Page, "sql").ToList();
        Assert.True(examples.Count >= 13, $"{Page} has {examples.Count} sql examples; expected its 'Questions it answers' section");
        var failures = new List<string>();
        foreach (var example in examples)
        {
            try
            {
                ReadEveryResult(db, example.Code, run, task);
            }
            catch (SqliteException exception)
            {
                failures.Add($"{example.Where} \"{HeadingOf(example)}\": {exception.Message}");
            }
        }
        Assert.True(failures.Count == 0, $"SQL examples of {Page} fail on a database a run wrote; fix them for the schema:\n" + string.Join("\n", failures));
    }

    /// <summary>Runs every statement of <paramref name="sql"/> to its last row, with <c>:run</c> and <c>:task</c> bound.</summary>
    private static void ReadEveryResult(SqliteConnection db, string sql, string run, long task)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(":run", run);
        command.Parameters.AddWithValue(":task", task);
        using var reader = command.ExecuteReader();
        do
        {
            while (reader.Read())
            {
            }
        }
        while (reader.NextResult());
    }

    /// <summary>The line that introduces an example: the last line of text above its fence.</summary>
    private static string HeadingOf(CodeBlock example)
    {
        var lines = File.ReadAllLines(Path.Combine(ChildProcess.Repository, example.Page));
        return lines.Take(example.Line - 2).LastOrDefault(line => line.Trim().Length > 0)?.Trim() ?? "(none)";
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
