using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Parsl.Dashboard.Charts;
using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Pages;

/// <summary>
/// The parts of a run's page that change while it goes: the counts by state, the state chart, the Gantt chart and the
/// workflow graph. The page renders them once; the live endpoint renders them again for the page's script to swap in.
/// </summary>
internal sealed class RunSections
{
    private readonly RunRecord _run;
    private readonly StateTally _counts;
    private readonly RunTimeline _timeline;
    private readonly List<WorkflowGraphRows> _graphs;

    private RunSections(RunRecord run, StateTally counts, RunTimeline timeline, List<WorkflowGraphRows> graphs) =>
        (_run, _counts, _timeline, _graphs) = (run, counts, timeline, graphs);

    /// <summary>How long the database took to answer: reported to the browser as a Server-Timing entry.</summary>
    public TimeSpan ReadTime { get; private init; }

    public StateTally Counts => _counts;

    public static RunSections Load(SqliteConnection connection, RunRecord run)
    {
        var clock = Stopwatch.StartNew();
        // One transaction: every section shows the same committed state of a live run.
        using var snapshot = connection.Snapshot();
        return new RunSections(run, StateTally.Load(connection, run.Id), RunTimeline.Load(connection, run), WorkflowGraphRows.Load(connection, run.Id))
        {
            ReadTime = clock.Elapsed,
        };
    }

    private string Link => "/runs/" + _run.Id;

    public string CountsHtml()
    {
        var html = new HtmlWriter();
        html.Add($"""<p class="state-counts"><span class="total">{Format.Count(_counts.Total)} tasks</span>""");
        foreach (var (state, count) in _counts.ByState())
            html.Add($"""<a class="count s-{state}" data-state="{state}" href="{Link}?state={state}#tasks">{ShownState.Label(state)} <b>{Format.Count(count)}</b></a>""");
        html.Add($"</p>");
        if (_run.Summary is { } summary)
            html.Add($"""<p class="summary">{summary}</p>""");
        return html.ToString();
    }

    public string StatesSvg() => _counts.Total == 0 ? """<p class="empty">No task submitted yet.</p>""" : StateChart.Render(_timeline);

    public string GanttSvg() => TaskGantt.Render(_timeline, Link);

    public string GraphHtml()
    {
        if (_graphs.Count == 0)
            return """<p class="empty">No workflow graph recorded: the run's apps were not called from a [Workflow] method, or its monitoring did not record graphs.</p>""";
        var html = new HtmlWriter();
        foreach (var graph in _graphs)
            html.Add($"""<figure class="workflow"><figcaption>{graph.Workflow}</figcaption>{new RawHtml(WorkflowGraphChart.Render(graph, _counts, Link))}</figure>""");
        return html.ToString();
    }
}
