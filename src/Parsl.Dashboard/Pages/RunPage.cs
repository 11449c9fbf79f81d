using Microsoft.Data.Sqlite;
using Parsl.Dashboard.Charts;
using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Pages;

/// <summary><c>/runs/{run}</c>: the run's summary, state chart, Gantt chart, workflow graph and a page of its task table.</summary>
internal static class RunPage
{
    /// <summary>The task table's filters and page, from the query string (<c>?app=…&amp;state=…&amp;page=…</c>).</summary>
    public sealed record TableQuery(string? App, string? State, int Page);

    public static string Render(string database, SqliteConnection connection, RunRecord run, RunSections sections, TableQuery query)
    {
        var link = "/runs/" + run.Id;
        var body = new HtmlWriter();
        body.Add($"""
            <h1>Run {Format.ShortId(run.Id)} <span class="status">{(run.IsLive ? Layout.Badge("running") : Layout.Badge("finished"))}</span></h1>
            <dl class="facts"><dt>Run id</dt><dd>{run.Id}</dd><dt>Directory</dt><dd class="path">{run.Directory}</dd><dt>Host</dt><dd>{run.User}{(run.User is null ? "" : "@")}{run.Host}</dd>
            <dt>Started (UTC)</dt><dd>{Format.Time(run.Started)}</dd><dt>Finished (UTC)</dt><dd data-field="finished">{(run.IsLive ? "not yet" : Format.Time(run.Finished))}</dd></dl>
            <p class="links"><a href="{link}/blocks">Blocks, managers and workers</a></p>
            <section id="counts" data-section="counts">{new RawHtml(sections.CountsHtml)}</section>
            <h2>Tasks by state over time</h2><section id="states" data-section="states">{new RawHtml(sections.StatesSvg)}</section>
            <h2>Tries by executor, block and worker</h2><section id="gantt" data-section="gantt">{new RawHtml(sections.GanttSvg)}</section>
            <h2>Workflow graph</h2><section id="graph" data-section="graph">{new RawHtml(sections.GraphHtml)}</section>
            """);
        Table(body, connection, run, sections.Tally, query, link);
        return Layout.Page("Run " + Format.ShortId(run.Id), database, [("Run " + Format.ShortId(run.Id), link)], body.ToString(),
            run.IsLive ? link + "/live" : null);
    }

    private static void Table(HtmlWriter body, SqliteConnection connection, RunRecord run, StateTally counts, TableQuery query, string link)
    {
        var matching = counts.Matching(query.App, query.State);
        var pages = Math.Max(1, (int)((matching + TaskTable.PageSize - 1) / TaskTable.PageSize));
        var page = Math.Clamp(query.Page, 1, pages);
        body.Add($"""<h2 id="tasks">Tasks</h2><form class="filter" method="get" action="{link}#tasks"><label>App <select name="app"><option value="">any</option>""");
        foreach (var app in counts.Apps())
            body.Add($"""<option value="{app}"{(app == query.App ? new RawHtml(" selected") : new RawHtml(""))}>{AppPalette.ShortName(app)}</option>""");
        body.Add($"""</select></label> <label>State <select name="state"><option value="">any</option>""");
        foreach (var state in ShownState.All)
            body.Add($"""<option value="{state}"{(state == query.State ? new RawHtml(" selected") : new RawHtml(""))}>{ShownState.Label(state)}</option>""");
        body.Add($"""</select></label> <button type="submit">Show</button> <span class="matching">{Format.Count(matching)} matching</span></form>""");
        body.Add($"""<table class="tasks" data-page="{page}" data-pages="{pages}"><thead><tr><th>Task</th><th>App</th><th>Executor</th><th>State</th><th>Submitted (UTC)</th><th>Took</th><th>Tries</th><th>Exception</th></tr></thead><tbody>""");
        foreach (var row in TaskTable.Load(connection, run.Id, query.App, query.State, page))
            body.Add($"""<tr data-task="{row.TaskId}"><td><a href="{link}/tasks/{row.TaskId}">{row.TaskId}</a></td><td title="{row.App}">{AppPalette.ShortName(row.App)}</td><td>{row.Executor}</td><td>{Layout.Badge(row.State)}</td><td>{Format.TimeOfDay(row.Submitted)}</td><td>{Format.Duration(row.Seconds)}</td><td>{row.Tries}</td><td class="exception">{Shorten(row.Exception, 160)}</td></tr>""");
        body.Add($"</tbody></table>");
        string PageLink(int number) =>
            $"{link}?{(query.App is null ? "" : "app=" + Uri.EscapeDataString(query.App) + "&")}{(query.State is null ? "" : "state=" + Uri.EscapeDataString(query.State) + "&")}page={number}#tasks";
        body.Add($"""<nav class="pager">""");
        if (page > 1)
            body.Add($"""<a rel="prev" href="{PageLink(page - 1)}">‹ previous</a>""");
        body.Add($"""<span>page {page} of {pages}</span>""");
        if (page < pages)
            body.Add($"""<a rel="next" href="{PageLink(page + 1)}">next ›</a>""");
        body.Add($"</nav>");
    }

    private static string? Shorten(string? text, int length) => text is null || text.Length <= length ? text : text[..(length - 1)] + "…";
}
