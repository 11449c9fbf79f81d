using System.Globalization;
using Parsl.Events;

namespace Parsl.Monitoring;

/// <summary>The part of a <see cref="RunEvent"/> the database keeps, copied on the run's thread (an event is valid only
/// during the call) and written later by the database's own thread.</summary>
internal sealed record MonitoredEvent(
    RunEventKind Kind, DateTimeOffset Time, long TaskId, string? App, int Try, string? Executor, string? Where, TaskState State,
    string? Exception, int Inputs, string? Block, string? Job, string? Message, string? File)
{
    /// <summary>For a submitted task: where the app was called.</summary>
    public string? CallFile { get; init; }

    public int CallLine { get; init; }

    /// <summary>For a submitted task: its input tasks' ids as a JSON array (<c>[3,7]</c>), or null when it takes none.</summary>
    public string? InputTaskIds { get; init; }

    public bool FromCheckpoint { get; init; }

    /// <summary>For a started try: the manager it runs under (<see cref="Block"/> holds the block).</summary>
    public string? Manager { get; init; }

    public string? Host { get; init; }

    /// <summary>For an ended try: the worker that ran it and what the try cost, when measured.</summary>
    public string? Worker { get; init; }

    public double? CpuSeconds { get; init; }

    public long? PeakMemoryBytes { get; init; }

    /// <summary>For a bash app's successful try: where its output went.</summary>
    public string? Stdout { get; init; }

    public string? Stderr { get; init; }

    public static MonitoredEvent From(in RunEvent e) => new(
        e.Kind, e.Time, e.TaskId, e.App?.Id, e.Try, e.Executor, e.Where, e.State,
        e.Exception is null ? null : $"{e.Exception.GetType().Name}: {e.Exception.Message}",
        e.Inputs, e.Block ?? e.Placement?.Block, e.Job, e.Message, e.File?.Url)
    {
        CallFile = string.IsNullOrEmpty(e.CallSite.FilePath) ? null : e.CallSite.FilePath,
        CallLine = e.CallSite.Line,
        InputTaskIds = e.InputTaskIds is { Count: > 0 } ids ? "[" + string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]" : null,
        FromCheckpoint = e.FromCheckpoint,
        Manager = e.Placement?.Manager,
        Host = e.Placement?.Host,
        Worker = e.Usage?.Worker,
        CpuSeconds = e.Usage?.CpuTime.TotalSeconds,
        PeakMemoryBytes = e.Usage is { PeakMemoryBytes: > 0 } usage ? usage.PeakMemoryBytes : null,
        Stdout = e.Stdout is null ? null : System.IO.Path.GetFullPath(e.Stdout),
        Stderr = e.Stderr is null ? null : System.IO.Path.GetFullPath(e.Stderr),
    };
}
