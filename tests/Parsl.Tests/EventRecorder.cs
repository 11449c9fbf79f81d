using System.Collections.Concurrent;
using Parsl.Events;

namespace Parsl.Tests;

/// <summary>An observer that keeps every event it sees (copied: an event is valid only during the call).</summary>
public sealed class EventRecorder : IRunObserver
{
    public ConcurrentQueue<RunEvent> Events { get; } = new();

    public void OnEvent(in RunEvent e) => Events.Enqueue(e);

    /// <summary>The kinds of one task's events, in the order they came.</summary>
    public IReadOnlyList<RunEventKind> KindsOf(long taskId) => [.. Events.Where(e => e.TaskId == taskId && e.App is not null).Select(e => e.Kind)];
}
