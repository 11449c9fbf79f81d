using Microsoft.Playwright;

namespace Parsl.Dashboard.Tests;

/// <summary>Every page of the dashboard against a finished real run, in headless chromium: what the DOM shows, and that nothing is fetched from elsewhere or fails in the page.</summary>
[Collection(DashboardCollection.Name)]
public sealed class FinishedRunPageTests(Browser browser, FinishedRun run)
{
    private Uri Url(string path) => new(run.Server.Url, path);

    [Fact]
    public async Task The_runs_page_lists_the_run_finished_with_its_tasks_by_state()
    {
        await using var watched = await browser.OpenAsync(run.Server.Url);
        var page = watched.Page;
        await page.GotoAsync(Url("/").ToString());

        var row = page.Locator($"tr[data-run='{run.RunId}']");
        await Assertions.Expect(row.Locator(".count[data-state='done']")).ToHaveTextAsync("14");
        await Assertions.Expect(row.Locator(".count[data-state='failed']")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator(".count[data-state='dependency_failed']")).ToHaveTextAsync("1");
        await Assertions.Expect(row).ToContainTextAsync("16 tasks: 14 done");
        await watched.ScreenshotAsync("finished-runs");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task The_run_page_shows_counts_charts_the_workflow_graph_by_state_and_the_task_table()
    {
        await using var watched = await browser.OpenAsync(run.Server.Url);
        var page = watched.Page;
        await page.GotoAsync(Url($"/runs/{run.RunId}").ToString());

        await Assertions.Expect(page.Locator("#counts .total")).ToHaveTextAsync("16 tasks");
        await Assertions.Expect(page.Locator("#counts .count[data-state='done'] b")).ToHaveTextAsync("14");
        await Assertions.Expect(page.Locator("#counts .count[data-state='failed'] b")).ToHaveTextAsync("1");
        Assert.True(await page.Locator("svg.states path.area[data-state='done']").CountAsync() == 1, "the state chart has no area for done tasks");
        // 15 tries: the squares, the failure, the bash app and the sum (the skipped task never ran), each a bar.
        await Assertions.Expect(page.Locator("svg.gantt")).ToHaveAttributeAsync("data-tries", "15");
        Assert.Equal(15, await page.Locator("svg.gantt rect.try").CountAsync());
        Assert.Equal(1, await page.Locator("svg.gantt rect.try.failed").CountAsync());

        // The compiler's graph of Pipeline, each node with its tasks' states.
        var graph = page.Locator("svg.graph[data-workflow$='DashboardApps.Pipeline']");
        await Assertions.Expect(graph).ToHaveCountAsync(1);
        var square = graph.Locator("g.node[data-app$='.Square']");
        await Assertions.Expect(square).ToHaveAttributeAsync("data-total", FinishedRun.Squares.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(square).ToHaveAttributeAsync("data-state", "done");
        await Assertions.Expect(square.Locator("text.counts")).ToHaveTextAsync("12 done");
        await Assertions.Expect(graph.Locator("g.node[data-app$='.Fail']")).ToHaveAttributeAsync("data-state", "failed");
        await Assertions.Expect(graph.Locator("g.node[data-app$='.Add']")).ToHaveAttributeAsync("data-state", "dependency_failed");
        await Assertions.Expect(graph.Locator("g.node[data-app$='.Sum']")).ToHaveAttributeAsync("data-total", "1");
        Assert.True(await graph.Locator("path.edge").CountAsync() >= 3, "the graph should draw the futures flowing between the calls");

        Assert.Equal(16, await page.Locator("table.tasks tbody tr").CountAsync());
        await watched.ScreenshotAsync("finished-run");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task The_task_table_filters_by_state_and_app_on_the_server()
    {
        await using var watched = await browser.OpenAsync(run.Server.Url);
        var page = watched.Page;
        await page.GotoAsync(Url($"/runs/{run.RunId}").ToString());

        await page.Locator("form.filter select[name='state']").SelectOptionAsync("failed");
        await page.Locator("form.filter button").ClickAsync();
        // A web-first assertion polls the address; WaitForURL also waits for the new document's load event, which
        // on a loaded CI machine did not come within 30 s once (the navigation had already committed).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("state=failed"));
        var rows = page.Locator("table.tasks tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("InvalidOperationException: bad input 7");

        await page.GotoAsync(Url($"/runs/{run.RunId}?app={Uri.EscapeDataString(AppOf(".Square"))}").ToString());
        await Assertions.Expect(page.Locator("table.tasks tbody tr")).ToHaveCountAsync(FinishedRun.Squares);
        await Assertions.Expect(page.Locator("form.filter .matching")).ToHaveTextAsync("12 matching");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task The_failed_tasks_page_shows_its_exception_try_call_site_and_states()
    {
        await using var watched = await browser.OpenAsync(run.Server.Url);
        var page = watched.Page;
        await page.GotoAsync(Url($"/runs/{run.RunId}/tasks/{run.FailedTask}").ToString());

        await Assertions.Expect(page.Locator("[data-field='exception']")).ToHaveTextAsync("InvalidOperationException: bad input 7");
        await Assertions.Expect(page.Locator("table.tries tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("table.tries tbody tr").First).ToContainTextAsync("local");
        await Assertions.Expect(page.Locator("[data-field='executor']")).ToHaveTextAsync("local");
        await Assertions.Expect(page.Locator("[data-field='call-site']")).ToContainTextAsync("DashboardApps.cs:");
        await Assertions.Expect(page.Locator("ol.states li").Last).ToContainTextAsync("failed");
        await watched.ScreenshotAsync("finished-failed-task");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task A_skipped_tasks_page_links_its_input_tasks_and_a_bash_tasks_page_shows_its_output()
    {
        await using var watched = await browser.OpenAsync(run.Server.Url);
        var page = watched.Page;
        await page.GotoAsync(Url($"/runs/{run.RunId}/tasks/{run.SkippedTask}").ToString());
        var failedInput = page.Locator($"[data-field='inputs'] a[href$='/tasks/{run.FailedTask}']");
        await Assertions.Expect(failedInput).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-field='executor']")).ToHaveTextAsync("none: it ended before a try was launched");
        await failedInput.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Task {run.FailedTask}");

        await page.GotoAsync(Url($"/runs/{run.RunId}/tasks/{run.SaidTask}").ToString());
        await Assertions.Expect(page.Locator("[data-field='stdout']")).ToHaveTextAsync("hello\n");
        await Assertions.Expect(page.Locator("[data-field='stderr']")).ToHaveTextAsync("hello-err\n");
        await watched.ScreenshotAsync("finished-bash-task");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task The_blocks_page_of_a_run_on_threads_says_there_were_no_blocks()
    {
        await using var watched = await browser.OpenAsync(run.Server.Url);
        var page = watched.Page;
        await page.GotoAsync(Url($"/runs/{run.RunId}/blocks").ToString());

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Blocks and workers");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("No block recorded");
        await watched.ScreenshotAsync("finished-blocks");
        watched.AssertNoProblems();
    }

    [Fact]
    public async Task Unknown_runs_and_tasks_answer_404_with_what_to_do()
    {
        using var http = new HttpClient();
        var noRun = await http.GetAsync(Url("/runs/no-such-run"));
        var text = await noRun.Content.ReadAsStringAsync();
        Assert.True(noRun.StatusCode == System.Net.HttpStatusCode.NotFound, text);
        Assert.Contains("the runs page lists those it holds", text, StringComparison.Ordinal);
        var noTask = await http.GetAsync(Url($"/runs/{run.RunId}/tasks/99999"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, noTask.StatusCode);
        var latest = await http.GetAsync(Url("/runs/latest"));
        Assert.Equal($"/runs/{run.RunId}", latest.RequestMessage!.RequestUri!.AbsolutePath); // followed the redirect
    }

    private static string AppOf(string suffix) => typeof(DashboardApps).FullName + suffix;
}
