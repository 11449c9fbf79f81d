using System.Text;

namespace Parsl.Dataflow;

/// <summary>
/// Collects a run's failures for one grouped report: per app that failed, how often, the first failure (task id, the
/// call site in the workflow code, the exception), and the downstream apps skipped because of it. One stack trace per
/// failing app, not one per task.
/// </summary>
internal sealed class FailureLedger
{
    private const int ShownTaskIds = 5;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FailedApp> _byApp = new(StringComparer.Ordinal);
    private long _failed;
    private long _skipped;

    public bool HasFailures
    {
        get
        {
            lock (_gate)
                return _failed > 0;
        }
    }

    public void Add(AppFuture task)
    {
        lock (_gate)
        {
            if (task.State == TaskState.Failed)
            {
                _failed++;
                if (!_byApp.TryGetValue(task.App.Id, out var app))
                    _byApp[task.App.Id] = app = new FailedApp(task);
                app.Count++;
                return;
            }
            if (task.Exception is not DependencyFailedException dependency)
                return;
            _skipped++;
            foreach (var root in dependency.RootCauses.Where(r => r.State == TaskState.Failed))
            {
                if (!_byApp.TryGetValue(root.App.Id, out var app))
                    _byApp[root.App.Id] = app = new FailedApp(root);
                if (!app.Skipped.TryGetValue(task.App.Id, out var skipped))
                    app.Skipped[task.App.Id] = skipped = [];
                skipped.Add(task.TaskId); // once however many of its failed inputs the app made
            }
        }
    }

    public string Render()
    {
        lock (_gate)
        {
            if (_failed == 0)
                return "No task failed.";
            var report = new StringBuilder()
                .Append("Parsl run failed: ").Append(_failed).Append(_failed == 1 ? " task failed" : " tasks failed")
                .Append(", ").Append(_skipped).Append(_skipped == 1 ? " task was" : " tasks were").Append(" not run because of them.");
            foreach (var app in _byApp.Values) // insertion order: the order in which apps first failed
            {
                var first = app.First;
                report.AppendLine().Append(app.Id).Append(" failed ").Append(app.Count).Append(app.Count == 1 ? " time" : " times")
                    .AppendLine().Append("  first: task ").Append(first.TaskId).Append(", called at ").Append(first.CallSite)
                    .AppendLine().Append("    ").Append(first.Exception!.GetType().Name).Append(": ")
                    .Append(first.Exception.Message.Replace("\n", "\n    ", StringComparison.Ordinal));
                if (app.Skipped.Count == 0)
                    continue;
                report.AppendLine().Append("  skipped because of it: ").Append(string.Join(", ", app.Skipped
                    .OrderBy(s => s.Value.Min())
                    .Select(s => $"{s.Key} ×{s.Value.Count} ({Tasks(s.Value)})")));
            }
            return report.ToString();
        }
    }

    private static string Tasks(HashSet<long> ids)
    {
        var shown = string.Join(", ", ids.Order().Take(ShownTaskIds));
        return (ids.Count == 1 ? "task " : "tasks ") + shown + (ids.Count > ShownTaskIds ? ", ..." : "");
    }

    private sealed class FailedApp(AppFuture first)
    {
        public string Id { get; } = first.App.Id;
        public AppFuture First { get; } = first;
        public int Count { get; set; }
        public Dictionary<string, HashSet<long>> Skipped { get; } = new(StringComparer.Ordinal);
    }
}
