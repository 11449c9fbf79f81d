using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Parsl.Executors;
using Parsl.Monitoring;

namespace Parsl.Dashboard.Tests;

/// <summary>
/// The dashboard of a run still going, started by the one switch (<see cref="LiveDashboard"/> after its
/// <see cref="MonitoringDatabase"/>): the run's apps wait on a gate the test opens a few at a time, and the page, loaded
/// once, follows.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class LiveRunPageTests(Browser browser) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-dashboard-live-").FullName;

    [Fact]
    public async Task A_live_run_page_updates_its_counts_without_a_reload_and_says_when_the_run_finished()
    {
        while (DashboardApps.Gate.Wait(0)) { } // no release left over from an earlier run of the test
        var printed = new StringWriter();
        var path = Path.Combine(_scratch, "runinfo", "monitoring.db");
        using var database = new MonitoringDatabase(path) { FlushInterval = TimeSpan.FromMilliseconds(50) };
        await using var dashboard = new LiveDashboard(database) { Output = printed };
        var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new ThreadPoolExecutor("local", 4)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            PrintFailureReport = false,
            Observers = [database, dashboard],
        });
        WatchedPage? watched = null;
        try
        {
            var url = Regex.Match(printed.ToString(), @"Parsl dashboard: (http://127\.0\.0\.1:\d+/runs/latest)").Groups[1].Value;
            Assert.True(url.Length > 0, $"the dashboard's URL was not printed: '{printed}'");
            Assert.Equal(dashboard.Url!.GetLeftPart(UriPartial.Authority), new Uri(url).GetLeftPart(UriPartial.Authority));

            var futures = Enumerable.Range(1, 10).Select(i => DashboardApps.GatedAsync(i)).ToList();
            DashboardApps.Gate.Release(2);
            await Eventually.TrueAsync(() => Db.Count(path, "SELECT count(*) FROM tasks WHERE state = 'done'") == 2, Patience, "two tasks recorded done");

            watched = await browser.OpenAsync(new Uri(url));
            var page = watched.Page;
            await page.GotoAsync(url);
            await Assertions.Expect(page.Locator("h1 .status .badge")).ToHaveTextAsync("running");
            await Assertions.Expect(page.Locator("#counts .total")).ToHaveTextAsync("10 tasks");
            await Assertions.Expect(page.Locator("#counts .count[data-state='done'] b")).ToHaveTextAsync("2");
            await Assertions.Expect(page.Locator("#counts .count[data-state='running'] b")).ToHaveTextAsync("4"); // four threads, each held at the gate
            await page.EvaluateAsync("() => { window.sameDocument = true; }");
            await watched.ScreenshotAsync("live-run");

            DashboardApps.Gate.Release(5);
            await Assertions.Expect(page.Locator("#counts .count[data-state='done'] b")).ToHaveTextAsync("7", new() { Timeout = (float)Patience.TotalMilliseconds });
            Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded: it should have updated in place");
            await AssertOtherLivePagesAsync(watched, url, path);

            DashboardApps.Gate.Release(3);
            foreach (var future in futures)
                await future;
        }
        finally
        {
            DashboardApps.Gate.Release(10); // a failed assertion must not leave the run's threads waiting
            await kernel.DisposeAsync();
        }

        var live = watched!.Page;
        await Assertions.Expect(live.Locator("h1 .status .badge")).ToHaveTextAsync("finished", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(live.Locator("#counts .count[data-state='done'] b")).ToHaveTextAsync("10");
        Assert.True(await live.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded: it should have updated in place");
        await watched.ScreenshotAsync("live-run-finished");
        watched.AssertNoProblems();
        await watched.DisposeAsync();
    }

    /// <summary>The runs page, a running task's page and the blocks page while the run goes, in a second tab.</summary>
    private async Task AssertOtherLivePagesAsync(WatchedPage watched, string url, string path)
    {
        var other = await watched.Page.Context.NewPageAsync();
        var origin = new Uri(url).GetLeftPart(UriPartial.Authority);
        await other.GotoAsync(origin + "/");
        await Assertions.Expect(other.Locator("tr[data-run] .badge")).ToHaveTextAsync("running");
        await watched.ScreenshotAsync("live-run-after-updates");

        var running = Db.Count(path, "SELECT task_id FROM tries WHERE started IS NOT NULL AND ended IS NULL LIMIT 1");
        var runId = (string)Db.Scalar(path, "SELECT run_id FROM runs")!;
        await other.GotoAsync($"{origin}/runs/{runId}/tasks/{running}");
        await Assertions.Expect(other.Locator("h1 .badge")).ToHaveTextAsync("running");
        await Assertions.Expect(other.Locator("table.tries tbody tr td .badge")).ToHaveTextAsync("running");
        await other.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "live-running-task.png"), FullPage = true });

        await other.GotoAsync($"{origin}/runs/{runId}/blocks");
        await Assertions.Expect(other.Locator("h1")).ToContainTextAsync("Blocks and workers");
        await other.CloseAsync();
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
