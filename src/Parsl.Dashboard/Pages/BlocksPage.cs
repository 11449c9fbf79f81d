using Microsoft.Data.Sqlite;
using Parsl.Dashboard.Charts;
using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Pages;

/// <summary><c>/runs/{run}/blocks</c>: the run's blocks and managers with their events, and each worker's CPU time and peak memory per try.</summary>
internal static class BlocksPage
{
    private const int MaxWorkers = 48;

    public static string Render(string database, SqliteConnection connection, RunRecord run)
    {
        var link = "/runs/" + run.Id;
        var body = new HtmlWriter();
        body.Add($"<h1>Blocks and workers of run {Format.ShortId(run.Id)}</h1>");
        using (connection.Snapshot())
        {
            var history = BlockHistory.Load(connection, run.Id);
            Subjects(body, "Blocks", "blocks", null, history.Blocks, "No block recorded: the run's executors ran in this process (threads), or asked for none yet.");
            Subjects(body, "Managers", "managers", "Manager", history.Managers, "No manager recorded: no worker-process executor connected one.");
            Workers(body, WorkerResources.Load(connection, run.Id), RunTimelineEnd(connection, run));
        }
        return Layout.Page($"Blocks of run {Format.ShortId(run.Id)}", database, [("Run " + Format.ShortId(run.Id), link), ("Blocks", link + "/blocks")], body.ToString());
    }

    /// <summary>Blocks (with their provider and the scheduler's job id) or managers (with where they ran), each with its events in order.</summary>
    private static void Subjects(HtmlWriter body, string title, string kind, string? named, IReadOnlyList<BlockHistory.Subject> subjects, string none)
    {
        body.Add($"<h2>{title}</h2>");
        if (subjects.Count == 0)
        {
            body.Add($"""<p class="empty">{none}</p>""");
            return;
        }
        var heading = named is null ? "<th>Provider</th><th>Job</th>" : $"<th>{named}</th>";
        body.Add($"""<table class="{kind}"><thead><tr><th>Executor</th><th>Block</th>{new RawHtml(heading)}<th>Events (UTC)</th></tr></thead><tbody>""");
        foreach (var subject in subjects)
        {
            body.Add($"""<tr><td>{subject.Executor}</td><td>{subject.Block}</td>""");
            if (named is null)
                body.Add($"""<td data-field="provider">{subject.Provider}</td><td data-field="job">{subject.Job}</td>""");
            else
                body.Add($"<td>{subject.Name}</td>");
            body.Add($"""<td><ol class="events">""");
            foreach (var e in subject.Events)
                body.Add($"""<li><span class="event e-{e.What}">{e.What}</span> <time>{Format.TimeOfDay(e.Time)}</time>{(e.Message is null ? "" : " — ")}{e.Message}</li>""");
            body.Add($"</ol></td></tr>");
        }
        body.Add($"</tbody></table>");
    }

    private static void Workers(HtmlWriter body, Dictionary<string, List<WorkerResources.Sample>> workers, double end)
    {
        body.Add($"<h2>Workers' resource use per try</h2>");
        if (workers.Count == 0)
        {
            body.Add($"""<p class="empty">No try recorded CPU time or peak memory: the worker-process executor measures them; tries on threads are not measured.</p>""");
            return;
        }
        body.Add($"""<div class="workers">""");
        foreach (var (worker, samples) in workers.OrderBy(w => w.Key, StringComparer.Ordinal).Take(MaxWorkers))
            body.Add($"""
                <figure class="worker" data-worker="{worker}"><figcaption>{worker} <span class="note">{samples.Count} tries</span></figcaption>
                {new RawHtml(ResourcePlot.Render("CPU seconds", samples, s => s.CpuSeconds, ResourcePlot.Seconds, end))}
                {new RawHtml(ResourcePlot.Render("Peak memory", samples, s => s.PeakMemoryBytes, ResourcePlot.Bytes, end))}</figure>
                """);
        body.Add($"</div>");
        if (workers.Count > MaxWorkers)
            body.Add($"""<p class="note">{workers.Count - MaxWorkers} more workers not shown.</p>""");
    }

    /// <summary>The plots' time axis: to the run's end, or for a live run to now.</summary>
    private static double RunTimelineEnd(SqliteConnection connection, RunRecord run) =>
        connection.Scalar("SELECT (julianday(coalesce(finished, 'now')) - julianday(started)) * 86400.0 FROM runs WHERE run_id = $run", ("$run", run.Id)) as double? ?? 0;
}
