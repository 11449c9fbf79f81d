using System.Text;

namespace Parsl;

/// <summary>
/// A task was not run because one or more of its input futures failed. Unlike an opaque dependency error,
/// it names the task, each failed input parameter with the task behind it, and the root causes: the tasks
/// that actually threw, however far upstream.
/// </summary>
/// <remarks>The message is written when first read: a failed head of a long chain makes one of these per skipped task.</remarks>
public sealed class DependencyFailedException : Exception
{
    private string? _message;
    // Set for a join app whose returned future(s) failed: the wording differs, the structure does not.
    private bool _ofJoin;
    private int _returned;

    private DependencyFailedException(Exception? inner, long taskId, AppDescriptor app,
        IReadOnlyList<FailedInput> failedInputs, IReadOnlyList<AppFuture> rootCauses)
        : base(null, inner)
    {
        TaskId = taskId;
        App = app;
        FailedInputs = failedInputs;
        RootCauses = rootCauses;
    }

    /// <summary>The task that was not run.</summary>
    public long TaskId { get; }

    /// <summary>The app of the task that was not run.</summary>
    public AppDescriptor App { get; }

    /// <summary>The inputs that failed, with the parameter each fed.</summary>
    public IReadOnlyList<FailedInput> FailedInputs { get; }

    /// <summary>The upstream tasks that threw (or were cancelled), following chains of skipped tasks.</summary>
    public IReadOnlyList<AppFuture> RootCauses { get; }

    /// <inheritdoc />
    public override string Message => _message ??= Describe();

    internal static DependencyFailedException Create(AppFuture task, List<Dependency> failed, Func<Dependency, int?> parameterOf)
    {
        AppFuture[] failedFutures;
        lock (failed)
            failedFutures = [.. failed.OfType<AppFuture>()];
        var inputs = new FailedInput[failedFutures.Length];
        for (var i = 0; i < inputs.Length; i++)
            inputs[i] = new FailedInput(parameterOf(failedFutures[i]) is int index && index < task.App.Inputs.Count ? task.App.Inputs[index].Name : null, failedFutures[i]);
        AppFuture[] roots = inputs.Length == 1
            ? [.. RootsOf(inputs[0].Future)]
            : [.. inputs.SelectMany(i => RootsOf(i.Future)).Distinct().OrderBy(f => f.TaskId)];
        return new DependencyFailedException(InnerOf(roots), task.TaskId, task.App, inputs, roots);
    }

    /// <summary>The failure of a join app whose returned future (or some of its returned futures) failed.</summary>
    /// <param name="join">The join app's task.</param>
    /// <param name="failed">The returned futures that failed.</param>
    /// <param name="returned">How many futures the join returned.</param>
    internal static DependencyFailedException OfJoin(AppFuture join, IReadOnlyList<AppFuture> failed, int returned)
    {
        var inputs = new FailedInput[failed.Count];
        for (var i = 0; i < inputs.Length; i++)
            inputs[i] = new FailedInput(returned == 1 ? "(returned future)" : "(returned futures)", failed[i]);
        AppFuture[] roots = [.. inputs.SelectMany(i => RootsOf(i.Future)).Distinct().OrderBy(f => f.TaskId)];
        return new DependencyFailedException(InnerOf(roots), join.TaskId, join.App, inputs, roots) { _ofJoin = true, _returned = returned };
    }

    private string Describe()
    {
        var message = new StringBuilder().Append(_ofJoin ? "Join task " : "Task ").Append(TaskId).Append(" (").Append(App.Id).Append(')');
        if (_ofJoin)
            message.Append(" failed because ").Append(_returned == 1 ? "the future it returned" : $"{FailedInputs.Count} of the {_returned} futures it returned").Append(" failed:");
        else
            message.Append(" was not run because ").Append(FailedInputs.Count == 1 ? "an input" : $"{FailedInputs.Count} inputs").Append(" failed:");
        const int shown = 5;
        foreach (var input in FailedInputs.Take(shown))
        {
            message.AppendLine().Append(_ofJoin ? "  " : "  input '" + (input.ParameterName ?? "?") + "' <- ");
            Describe(message, input.Future);
        }
        if (FailedInputs.Count > shown)
            message.AppendLine().Append("  ... and ").Append(FailedInputs.Count - shown).Append(" more");
        return message.ToString();
    }

    // The root exception, or all of them when several tasks threw.
    private static Exception? InnerOf(AppFuture[] roots) => roots.Length switch
    {
        0 => null,
        1 => roots[0].Exception,
        _ => new AggregateException(roots.Select(r => r.Exception!)),
    };

    private static IEnumerable<AppFuture> RootsOf(AppFuture failed) =>
        failed.Exception is DependencyFailedException upstream ? upstream.RootCauses : [failed];

    private static void Describe(StringBuilder message, AppFuture failed)
    {
        Name(message, failed);
        switch (failed.Exception)
        {
            case DependencyFailedException upstream:
                message.Append(" was not run either; root cause: ");
                var first = true;
                foreach (var root in upstream.RootCauses)
                {
                    if (!first) message.Append("; ");
                    first = false;
                    Name(message, root).Append(' ');
                    AppendOutcome(message, root);
                }
                break;
            default:
                message.Append(' ');
                AppendOutcome(message, failed);
                break;
        }
    }

    // "task 12 (Demo.Science.Simulate)", or for a task made outside Parsl "outside Task<Int32> from Program.cs:40".
    private static StringBuilder Name(StringBuilder message, AppFuture future) => future switch
    {
        FileFuture output => message.Append("output '").Append(output.ParameterName).Append("' of task ").Append(output.TaskId).Append(" (").Append(output.App.Id).Append(')'),
        { App.Kind: AppKind.Staging } => message.Append(future.App.Id),
        { App.Kind: AppKind.Outside } => message.Append(future.App.Id).Append(string.IsNullOrEmpty(future.CallSite.FilePath) ? "" : " from " + future.CallSite),
        _ => message.Append("task ").Append(future.TaskId).Append(" (").Append(future.App.Id).Append(')'),
    };

    private static void AppendOutcome(StringBuilder message, AppFuture failed)
    {
        if (failed.State == TaskState.Cancelled)
            message.Append("was cancelled");
        else
            message.Append("failed with ").Append(failed.Exception!.GetType().Name).Append(": ").Append(FirstLine(failed.Exception.Message));
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n');
        return end < 0 ? text : text[..end].TrimEnd() + " ...";
    }
}

/// <summary>One failed input of a task that was not run.</summary>
/// <param name="ParameterName">The parameter the failed future was passed to, when known.</param>
/// <param name="Future">The failed future.</param>
public sealed record FailedInput(string? ParameterName, AppFuture Future);
