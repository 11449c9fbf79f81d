using Parsl.Events;

namespace Parsl.Monitoring;

/// <summary>The part of a <see cref="RunEvent"/> the database keeps, copied on the run's thread (an event is valid only
/// during the call) and written later by the database's own thread.</summary>
internal sealed record MonitoredEvent(
    RunEventKind Kind, DateTimeOffset Time, long TaskId, string? App, int Try, string? Executor, string? Where, TaskState State,
    string? Exception, int Inputs, string? Block, string? Job, string? Message, string? File)
{
    public static MonitoredEvent From(in RunEvent e) => new(
        e.Kind, e.Time, e.TaskId, e.App?.Id, e.Try, e.Executor, e.Where, e.State,
        e.Exception is null ? null : $"{e.Exception.GetType().Name}: {e.Exception.Message}",
        e.Inputs, e.Block, e.Job, e.Message, e.File?.Url);
}
