using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Pages;

/// <summary><c>/</c>: every run in the database, the latest first, with its tasks by state.</summary>
internal static class RunsPage
{
    public static string Render(RunDatabase database)
    {
        using var connection = database.Connect();
        var runs = RunRecord.All(connection);
        var counts = RunRecord.CountsByRun(connection);
        var body = new HtmlWriter();
        body.Add($"<h1>Runs</h1>");
        if (runs.Count == 0)
            return Layout.Page("Runs", database.Path, [], body.Add($"""<p class="empty">No run recorded yet: runs appear here as they start.</p>""").ToString());
        body.Add($"""
            <table class="runs"><thead><tr><th>Run</th><th>Directory</th><th>Host</th><th>Started (UTC)</th><th>Finished (UTC)</th><th>Tasks</th><th>Summary</th></tr></thead><tbody>
            """);
        foreach (var run in runs)
        {
            var byState = counts.GetValueOrDefault(run.Id) ?? [];
            body.Add($"""<tr data-run="{run.Id}"><td><a href="/runs/{run.Id}">{Format.ShortId(run.Id)}</a></td><td class="path">{run.Directory}</td><td>{run.User}{(run.User is null ? "" : "@")}{run.Host}</td><td>{Format.Time(run.Started)}</td>""");
            body.Add($"""<td>{(run.IsLive ? Layout.Badge("running") : new RawHtml(HtmlWriter.Encode(Format.Time(run.Finished))))}</td><td class="counts">""");
            foreach (var state in ShownState.All.Where(byState.ContainsKey))
                body.Add($"""<span class="count s-{state}" data-state="{state}" title="{ShownState.Label(state)}">{Format.Count(byState[state])}</span>""");
            body.Add($"""</td><td>{run.Summary}</td></tr>""");
        }
        return Layout.Page("Runs", database.Path, [], body.Add($"</tbody></table>").ToString());
    }
}
