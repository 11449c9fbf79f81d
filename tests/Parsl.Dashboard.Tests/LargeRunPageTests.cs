using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Parsl.Dashboard.Tests;

/// <summary>The pages of a 100,000-task run: what they show, and how long the run page takes to render in chromium.</summary>
[Collection(DashboardCollection.Name)]
public sealed class LargeRunPageTests(Browser browser, LargeRun run, ITestOutputHelper log) : IClassFixture<LargeRun>
{
    /// <summary>The budget for the run page of 100,000 tasks, from navigation to the charts painted (issue 25).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task The_run_page_of_100000_tasks_renders_within_a_second()
    {
        // Read and drawn afresh at every load, as for a live run or the first look at a finished one.
        var uncached = await MeasureAsync(run.UncachedServer, "uncached");
        // A finished run's charts kept: paging its table, or coming back to it.
        var cached = await MeasureAsync(run.Server, "cached");

        // Judged on a quiet machine as is; a loaded one (the suite's other tests, a build) stretches the budget by its load.
        var budget = Budget * LoadFactor();
        Assert.True(uncached.Total <= budget, $"the 100,000-task run page took {uncached.Total.TotalMilliseconds:0} ms to render (median of 3), over {budget.TotalMilliseconds:0} ms: {uncached}");
        Assert.True(cached.Total <= budget, $"the 100,000-task run page, its charts kept, took {cached.Total.TotalMilliseconds:0} ms to render (median of 3), over {budget.TotalMilliseconds:0} ms: {cached}");
    }

    /// <summary>Loads the run page once to warm up (printed, not judged), then three times; checks what it shows; returns the median load.</summary>
    private async Task<Timing> MeasureAsync(DashboardServer server, string name)
    {
        await using var watched = await browser.OpenAsync(server.Url);
        var page = watched.Page;
        var url = new Uri(server.Url, $"/runs/{LargeRun.RunId}").ToString();
        log.WriteLine($"{name}, first load: {await TimedLoadAsync(page, url)}");
        var loads = new List<Timing>();
        for (var i = 0; i < 3; i++)
        {
            loads.Add(await TimedLoadAsync(page, url));
            log.WriteLine($"{name}, load {i + 1}: {loads[^1]}");
        }
        var median = loads.OrderBy(t => t.Total).ElementAt(1);
        log.WriteLine($"{name}: median load of the 100,000-task run page {median.Total.TotalMilliseconds:0} ms (budget {Budget.TotalMilliseconds:0} ms, load factor {LoadFactor():0.##})");

        await Assertions.Expect(page.Locator("#counts .total")).ToHaveTextAsync("100,000 tasks");
        await Assertions.Expect(page.Locator("#counts .count[data-state='failed'] b")).ToHaveTextAsync(LargeRun.FailedSimulations.ToString(CultureInfo.InvariantCulture));
        var gantt = page.Locator("svg.gantt");
        await Assertions.Expect(gantt).ToHaveAttributeAsync("data-mode", "buckets");
        await Assertions.Expect(gantt).ToHaveAttributeAsync("data-tries", "100000");
        await Assertions.Expect(gantt).ToHaveAttributeAsync("data-lanes", LargeRun.Workers.ToString(CultureInfo.InvariantCulture));
        var simulate = page.Locator("g.node[data-app='Science.Campaign.Simulate']");
        await Assertions.Expect(simulate).ToHaveAttributeAsync("data-total", "99998");
        await Assertions.Expect(simulate).ToHaveAttributeAsync("data-state", "failed");
        await Assertions.Expect(page.Locator("table.tasks tbody tr")).ToHaveCountAsync(50);
        await Assertions.Expect(page.Locator("table.tasks")).ToHaveAttributeAsync("data-pages", "2000");
        await watched.ScreenshotAsync("large-run-" + name);
        await page.Locator("#gantt").ScrollIntoViewIfNeededAsync();
        await watched.ScreenshotAsync("large-run-gantt-" + name, fullPage: false);
        watched.AssertNoProblems();
        return median;
    }

    [Fact]
    public async Task The_task_table_of_100000_tasks_pages_and_filters_on_the_server()
    {
        await using var watched = await browser.OpenAsync(run.Server.Url);
        var page = watched.Page;
        await page.GotoAsync(new Uri(run.Server.Url, $"/runs/{LargeRun.RunId}?state=failed&page=2").ToString());

        await Assertions.Expect(page.Locator("form.filter .matching")).ToHaveTextAsync($"{LargeRun.FailedSimulations} matching");
        var rows = page.Locator("table.tasks tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(LargeRun.FailedSimulations - 50);
        await Assertions.Expect(rows.First).ToContainTextAsync($"sample {51 * LargeRun.FailEvery} diverged");
        await page.Locator("nav.pager a[rel='prev']").ClickAsync();
        await Assertions.Expect(page.Locator("table.tasks")).ToHaveAttributeAsync("data-page", "1");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task The_blocks_page_shows_blocks_managers_and_each_workers_cpu_and_memory()
    {
        await using var watched = await browser.OpenAsync(run.Server.Url);
        var page = watched.Page;
        await page.GotoAsync(new Uri(run.Server.Url, $"/runs/{LargeRun.RunId}/blocks").ToString());

        await Assertions.Expect(page.Locator("table.blocks tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("table.blocks tbody tr").First).ToContainTextAsync("requested");
        await Assertions.Expect(page.Locator("table.blocks tbody tr").First).ToContainTextAsync("released");
        await Assertions.Expect(page.Locator("table.blocks tbody tr").First.Locator("td[data-field='provider']")).ToHaveTextAsync("slurm");
        await Assertions.Expect(page.Locator("table.blocks tbody tr").First.Locator("td[data-field='job']")).ToHaveTextAsync("4200");
        await Assertions.Expect(page.Locator("table.managers tbody tr")).ToHaveCountAsync(8);
        var workers = page.Locator("figure.worker");
        await Assertions.Expect(workers).ToHaveCountAsync(48); // 64 workers, the first 48 plotted
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("16 more workers not shown");
        var cpu = workers.First.Locator("svg.resource[data-measure='CPU seconds']");
        await Assertions.Expect(cpu).ToHaveAttributeAsync("data-points", "150"); // 1,562 tries, one point per bucket
        await Assertions.Expect(workers.First.Locator("svg.resource[data-measure='Peak memory'] circle.sample")).ToHaveCountAsync(150);
        await watched.ScreenshotAsync("large-blocks");
        await page.Locator("h2:has-text('resource use')").ScrollIntoViewIfNeededAsync();
        await watched.ScreenshotAsync("large-blocks-workers", fullPage: false);
        watched.AssertNoProblems();
    }

    /// <summary>One navigation to the page, timed from the test to the charts painted, and by the browser's own clock.</summary>
    private static async Task<Timing> TimedLoadAsync(IPage page, string url)
    {
        await page.GotoAsync("about:blank");
        var clock = Stopwatch.StartNew();
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
        await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"); // painted
        var total = clock.Elapsed;
        var entry = await page.EvaluateAsync<JsonElement>("""
            () => { const n = performance.getEntriesByType('navigation')[0];
                    return { server: n.responseStart - n.requestStart, download: n.responseEnd - n.responseStart, load: n.loadEventEnd,
                             timing: n.serverTiming.map(t => t.name + ' ' + Math.round(t.duration) + ' ms').join(', '),
                             bytes: n.transferSize }; }
            """);
        return new Timing(total, entry.GetProperty("server").GetDouble(), entry.GetProperty("timing").GetString()!,
            entry.GetProperty("download").GetDouble(), entry.GetProperty("load").GetDouble(), entry.GetProperty("bytes").GetDouble());
    }

    /// <summary>Where the time went: in all (navigation to the charts painted), until the server's first byte (and the server's own account: database, charts, page), the download, and the browser's load event.</summary>
    private sealed record Timing(TimeSpan Total, double ServerMs, string ServerTiming, double DownloadMs, double LoadEventMs, double Bytes)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Total.TotalMilliseconds:0} ms in all; first byte after {ServerMs:0} ms ({ServerTiming}), download {DownloadMs:0} ms, load event at {LoadEventMs:0} ms, {Bytes / 1024:0} KiB");
    }

    /// <summary>How many times over its cores the machine is loaded (one-minute load average), at least 1.</summary>
    private static double LoadFactor()
    {
        var average = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        return Math.Max(1, average / Environment.ProcessorCount);
    }
}
