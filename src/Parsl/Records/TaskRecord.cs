using System.Text;
using Parsl.Records;

namespace Parsl;

/// <summary>
/// What the kernel knows about one task (Parsl's task record), read from its future with <see cref="AppFuture.Record"/>:
/// the app and where it was called, the resolved arguments, which executor ran each try, the failed tries with their
/// exceptions and times, and whether the result came from the memo table. A view over the future, made on demand.
/// </summary>
public readonly struct TaskRecord
{
    private readonly ITaskRecordSource _future;

    internal TaskRecord(ITaskRecordSource future) => _future = future;

    /// <summary>The task's id within its run.</summary>
    public long TaskId => _future.TaskId;

    /// <summary>The app.</summary>
    public AppDescriptor App => _future.App;

    /// <summary>Where the workflow called the app.</summary>
    public CallSite CallSite => _future.CallSite;

    /// <summary>The task's state.</summary>
    public TaskState State => _future.State;

    /// <summary>The arguments the app received, by parameter (all but a <see cref="CancellationToken"/>); empty until they resolved.</summary>
    public IReadOnlyList<TaskArgument> Arguments => _future.RecordedArguments();

    /// <summary>
    /// The resolved arguments as the tuple of the app's parameter types, in order, e.g. <c>(string, int)</c> for
    /// <c>Fetch(string host, int port)</c> (<c>ValueTuple&lt;T&gt;</c> for one parameter).
    /// </summary>
    /// <exception cref="InvalidCastException">The app takes other types; the message names them.</exception>
    /// <exception cref="InvalidOperationException">The arguments have not resolved yet.</exception>
    public TValues ArgumentsAs<TValues>() => _future.RecordedValues switch
    {
        TValues values => values,
        null => throw new InvalidOperationException($"The arguments of task {TaskId} ({App.Id}) have not resolved yet."),
        var other => throw new InvalidCastException(
            $"App {App.Id} takes {App.InputTuple}, so its arguments are a {other.GetType().Name}; ask for that tuple, not {typeof(TValues).Name}."),
    };

    /// <summary>How many tries were launched (0 for a task answered from the memo table or never run).</summary>
    public int Tries => _future.RecordedTries;

    /// <summary>The label of the executor that ran (or runs) the latest try, or null before the first.</summary>
    public string? Executor => _future.RecordedExecutor;

    /// <summary>The tries that failed, first to last, with the executor, times and exception of each.</summary>
    public IReadOnlyList<TryRecord> FailedTries => _future.RecordedFailures;

    /// <summary>What the failed tries have cost against the retry budget so far.</summary>
    public double FailureCost => _future.RecordedFailureCost;

    /// <summary>The call's own options (<see cref="AppCallOptions"/>), or null when it had none.</summary>
    public AppCallOptions? Options => _future.RecordedOptions;

    /// <summary>True when the result came from the memo table (an identical call, or a checkpoint) instead of a run.</summary>
    public bool FromCache => _future.FromCache;

    /// <summary>When the app was called.</summary>
    public DateTimeOffset Submitted => _future.SubmittedAt;

    /// <summary>When the task completed, or null while it has not.</summary>
    public DateTimeOffset? Completed => _future.CompletedAt;

    /// <summary>A few lines for a log or a failure message.</summary>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append("task ").Append(TaskId).Append(" (").Append(App.Id).Append(") called at ").Append(CallSite).Append(": ").Append(State);
        if (FromCache)
            text.Append(", from the cache");
        if (Tries > 0)
            text.Append(", ").Append(Tries).Append(Tries == 1 ? " try" : " tries").Append(", latest on '").Append(Executor).Append('\'');
        if (Arguments is { Count: > 0 } arguments)
            text.AppendLine().Append("  arguments: ").AppendJoin(", ", arguments);
        foreach (var failed in FailedTries)
            text.AppendLine().Append("  ").Append(failed);
        return text.ToString();
    }

    // Values are shown, not dumped: a long string or a large collection would drown the record.
    internal static string Show(object? value)
    {
        const int Longest = 80;
        var text = value switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            System.Collections.ICollection collection when value is not string => $"{value.GetType().Name}[{collection.Count}]",
            IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.Length <= Longest ? text : text[..(Longest - 1)] + "…";
    }
}
