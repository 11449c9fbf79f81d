using Microsoft.Playwright;
using Parsl.Executors;
using Parsl.Monitoring;

namespace Parsl.Dashboard.Tests;

/// <summary>A real run on worker processes (a local block of two workers): its blocks, managers and each worker's CPU time and memory, as the browser shows them.</summary>
[Collection(DashboardCollection.Name)]
public sealed class WorkerRunPageTests(Browser browser) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-dashboard-workers-").FullName;

    [Fact]
    public async Task The_blocks_page_of_a_run_on_worker_processes_shows_its_block_manager_and_workers_resource_use()
    {
        var path = Path.Combine(_scratch, "runinfo", "monitoring.db");
        using (var database = new MonitoringDatabase(path))
        await using (var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new HighThroughputExecutor("htex") { MaxWorkersPerNode = 2, HeartbeatPeriod = TimeSpan.FromMilliseconds(500), HeartbeatThreshold = TimeSpan.FromSeconds(30) }],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            Observers = [database],
        }))
        {
            foreach (var future in Enumerable.Range(0, 6).Select(_ => DashboardApps.CrunchAsync(150)).ToList())
                Assert.True(await future > 0);
        }
        await using var server = await DashboardServer.StartAsync(new DashboardOptions { DatabasePath = path });
        var runId = (string)Db.Scalar(path, "SELECT run_id FROM runs")!;
        var task = Db.Count(path, "SELECT task_id FROM tries WHERE cpu_seconds IS NOT NULL LIMIT 1");

        await using var watched = await browser.OpenAsync(server.Url);
        var page = watched.Page;
        await page.GotoAsync(new Uri(server.Url, $"/runs/{runId}/blocks").ToString());
        await Assertions.Expect(page.Locator("table.blocks tbody tr").First).ToContainTextAsync("started");
        await Assertions.Expect(page.Locator("table.blocks tbody tr").First).ToContainTextAsync("released");
        await Assertions.Expect(page.Locator("table.blocks tbody tr").First.Locator("td[data-field='provider']")).ToHaveTextAsync("local");
        await Assertions.Expect(page.Locator("table.blocks tbody tr").First.Locator("td[data-field='job']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\S+$"));
        await Assertions.Expect(page.Locator("table.managers tbody tr").First).ToContainTextAsync("connected");
        var workers = page.Locator("figure.worker");
        Assert.True(await workers.CountAsync() >= 1, "no worker's resource plots");
        await Assertions.Expect(workers.First.Locator("svg.resource[data-measure='CPU seconds'] circle.sample").First).ToBeAttachedAsync();
        await Assertions.Expect(workers.First.Locator("svg.resource[data-measure='Peak memory'] circle.sample").First).ToBeAttachedAsync();
        await watched.ScreenshotAsync("workers-blocks");

        await page.GotoAsync(new Uri(server.Url, $"/runs/{runId}/tasks/{task}").ToString());
        var row = page.Locator("table.tries tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("htex");
        await Assertions.Expect(page.Locator("[data-field='executor']")).ToHaveTextAsync("htex");
        await Assertions.Expect(row).ToContainTextAsync(" MiB");
        await Assertions.Expect(row.Locator("td").Nth(11)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d+)? (s|ms)$"));

        await page.GotoAsync(new Uri(server.Url, $"/runs/{runId}").ToString());
        await Assertions.Expect(page.Locator("svg.gantt text.lane").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^htex · block 0 · manager \d+ · worker \d"));
        await watched.ScreenshotAsync("workers-run");
        watched.AssertNoProblems();
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
