using Parsl.Dashboard.Charts;
using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Pages;

/// <summary><c>/runs/{run}/tasks/{task}</c>: one task's call site, inputs, exception, tries, state changes and output.</summary>
internal static class TaskPage
{
    public static string Render(string database, RunRecord run, TaskDetail task)
    {
        var link = "/runs/" + run.Id;
        var body = new HtmlWriter();
        body.Add($"""
            <h1>Task {task.TaskId} <span class="app" title="{task.App}">{AppPalette.ShortName(task.App)}</span> {Layout.Badge(task.State)}</h1>
            <dl class="facts"><dt>App</dt><dd>{task.App}</dd>
            <dt>Executor</dt><dd data-field="executor">{Executor(task)}</dd>
            <dt>Called at</dt><dd data-field="call-site">{CallSite(task)}</dd>
            <dt>Inputs</dt><dd data-field="inputs">
            """);
        if (task.Inputs.Count == 0)
            body.Add($"{(task.PendingInputs is > 0 ? $"{task.PendingInputs} futures (their tasks not recorded)" : "none")}");
        foreach (var input in task.Inputs)
            body.Add($"""<a class="input" href="{link}/tasks/{input}">task {input}</a> """);
        body.Add($"""
            </dd><dt>Submitted</dt><dd>{Format.Time(task.Submitted)}</dd><dt>Inputs resolved</dt><dd>{Format.Time(task.InputsResolved)}</dd>
            <dt>Completed</dt><dd>{Format.Time(task.Completed)}</dd>
            <dt>Cache</dt><dd>{(task.CheckpointHit ? "answered from a checkpoint of an earlier run" : task.MemoHit ? "answered from this run's memo table" : "computed")}</dd></dl>
            """);
        if (task.Exception is { } exception)
            body.Add($"""<h2>Exception</h2><pre class="exception" data-field="exception">{exception}</pre>""");

        body.Add($"""<h2>Tries</h2>""");
        if (task.Tries.Count == 0)
            body.Add($"""<p class="empty">No try: {(task.MemoHit ? "the answer came from the cache" : task.Completed is null ? "not launched yet" : "it ended before one was launched")}.</p>""");
        else
        {
            body.Add($"""<table class="tries"><thead><tr><th>Try</th><th>Executor</th><th>Ran at</th><th>Block</th><th>Manager</th><th>Worker</th><th>Host</th><th>Launched</th><th>Started</th><th>Ended</th><th>Outcome</th><th>CPU</th><th>Peak memory</th><th>Exception</th></tr></thead><tbody>""");
            foreach (var t in task.Tries)
                body.Add($"""
                    <tr data-try="{t.Number}"><td>{t.Number}</td><td>{t.Executor}</td><td>{t.Location}</td><td>{t.Block}</td><td>{t.Manager}</td><td>{t.Worker}</td><td>{t.Host}</td>
                    <td>{Format.TimeOfDay(t.Launched)}</td><td>{Format.TimeOfDay(t.Started)}</td><td>{Format.TimeOfDay(t.Ended)}</td>
                    <td>{(t.Outcome is null ? Layout.Badge(t.Started is null ? "launched" : "running") : Layout.Badge(t.Outcome == "succeeded" ? "done" : "failed"))}</td>
                    <td>{(t.CpuSeconds is { } cpu ? ResourcePlot.Seconds(cpu) : "–")}</td><td>{(t.PeakMemoryBytes is { } bytes ? ResourcePlot.Bytes(bytes) : "–")}</td>
                    <td class="exception">{t.Exception}</td></tr>
                    """);
            body.Add($"</tbody></table>");
        }

        body.Add($"""<h2>State changes</h2><ol class="states">""");
        foreach (var change in task.States)
            body.Add($"""<li><time>{Format.TimeOfDay(change.Time)}</time> {change.State.Replace('_', ' ')}{(change.Try is { } number ? $" (try {number})" : "")}</li>""");
        body.Add($"</ol>");

        Output(body, "stdout", task.Stdout, run.Directory);
        Output(body, "stderr", task.Stderr, run.Directory);
        return Layout.Page($"Task {task.TaskId}", database, [("Run " + Format.ShortId(run.Id), link), ($"Task {task.TaskId}", $"{link}/tasks/{task.TaskId}")], body.ToString());
    }

    /// <summary>Where the task's latest try went, or why it has no executor.</summary>
    private static string Executor(TaskDetail task) =>
        task.Executor ?? (task.MemoHit ? "none: answered from the cache" : task.Completed is null ? "not chosen yet" : "none: it ended before a try was launched");

    private static string CallSite(TaskDetail task) => (task.CallFile, task.CallLine) switch
    {
        (null, null) => "not recorded",
        (null, { } line) => $"line {line}",
        ({ } file, null) => file,
        ({ } file, { } line) => $"{file}:{line}",
    };

    private static void Output(HtmlWriter body, string name, string? path, string runDirectory)
    {
        if (path is null)
            return;
        var (text, note) = OutputTail.Read(path, runDirectory);
        body.Add($"""<h2>{name}</h2><p class="note"><span class="path">{path}</span>: {note}</p>""");
        if (text is not null)
            body.Add($"""<pre class="output" data-field="{name}">{text}</pre>""");
    }
}
