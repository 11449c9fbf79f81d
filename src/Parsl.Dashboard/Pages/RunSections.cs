using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Parsl.Dashboard.Charts;
using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Pages;

/// <summary>
/// The parts of a run's page that change while it goes, rendered: the counts by state, the state chart, the Gantt chart
/// and the workflow graph. The run page shows them; the live endpoint sends them again for the page's script to swap in.
/// A finished run's never change, so <see cref="RunSectionsCache"/> keeps them.
/// </summary>
internal sealed class RunSections
{
    private RunSections(StateTally tally, string counts, string states, string gantt, string graph) =>
        (Tally, CountsHtml, StatesSvg, GanttSvg, GraphHtml) = (tally, counts, states, gantt, graph);

    /// <summary>The run's tasks by app, call line and state: the table's filter and page count come from it.</summary>
    public StateTally Tally { get; }

    public string CountsHtml { get; }

    public string StatesSvg { get; }

    public string GanttSvg { get; }

    public string GraphHtml { get; }

    /// <summary>How long the database took to answer and the sections to render: Server-Timing entries for the browser.</summary>
    public (TimeSpan Database, TimeSpan Render) Cost { get; private init; }

    public static async Task<RunSections> LoadAsync(RunDatabase database, RunRecord run)
    {
        var clock = Stopwatch.StartNew();
        RunClock time;
        List<WorkflowGraphRows> graphs;
        using (var connection = database.Connect())
        {
            time = RunClock.Load(connection, run);
            graphs = WorkflowGraphRows.Load(connection, run.Id);
        }
        // The two passes over the run's rows, each on a connection of its own, side by side: for a live run they may see
        // states one batch apart, which the next refresh evens out.
        var history = Task.Run(() => Read(database, connection => StateHistory.Load(connection, run.Id, time)));
        var lanes = Task.Run(() => Read(database, connection => TryLanes.Load(connection, run.Id, time)));
        await Task.WhenAll(history, lanes).ConfigureAwait(false);
        var read = clock.Elapsed;
        var link = "/runs/" + run.Id;
        var tally = history.Result.Tally;
        return new RunSections(tally, Counts(run, tally, link),
            tally.Total == 0 ? """<p class="empty">No task submitted yet.</p>""" : StateChart.Render(history.Result, time.End),
            TaskGantt.Render(lanes.Result, tally.Apps(), time.End, link),
            Graphs(graphs, tally, link))
        {
            Cost = (read, clock.Elapsed - read),
        };
    }

    private static T Read<T>(RunDatabase database, Func<SqliteConnection, T> query)
    {
        using var connection = database.Connect();
        return query(connection);
    }

    private static string Counts(RunRecord run, StateTally tally, string link)
    {
        var html = new HtmlWriter();
        html.Add($"""<p class="state-counts"><span class="total">{Format.Count(tally.Total)} {(tally.Total == 1 ? "task" : "tasks")}</span>""");
        foreach (var (state, count) in tally.ByState())
            html.Add($"""<a class="count s-{state}" data-state="{state}" href="{link}?state={state}#tasks">{ShownState.Label(state)} <b>{Format.Count(count)}</b></a>""");
        html.Add($"</p>");
        if (run.Summary is { } summary)
            html.Add($"""<p class="summary">{summary}</p>""");
        return html.ToString();
    }

    private static string Graphs(List<WorkflowGraphRows> graphs, StateTally tally, string link)
    {
        // Every workflow of the program's assemblies is recorded with each run; those none of whose calls ran are only named.
        var called = graphs.Where(g => WorkflowGraphChart.MatchedTasks(g, tally) > 0).ToList();
        var html = new HtmlWriter();
        if (called.Count == 0)
            html.Add($"""<p class="empty">No task of this run is a call of a [Workflow] method's graph{(tally.Total == 0 ? " yet" : "")}.</p>""");
        foreach (var graph in called)
            html.Add($"""<figure class="workflow"><figcaption>{graph.Workflow}</figcaption>{new RawHtml(WorkflowGraphChart.Render(graph, tally, link))}</figure>""");
        var others = graphs.Except(called).Select(g => g.Workflow).ToList();
        if (others.Count > 0)
            html.Add($"""<p class="note">Workflows recorded with no task in this run: {string.Join(", ", others)}.</p>""");
        return html.ToString();
    }
}
