using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Parsl.Diagnostics;

/// <summary>
/// Parsl's OpenTelemetry instrumentation, in the in-box <see cref="System.Diagnostics"/> types: an
/// <see cref="ActivitySource"/> with a span for each run (<c>parsl.run</c>) and one for each try (<c>parsl.try</c>,
/// from launch to outcome, a child of its run's), continued inside worker processes (<c>parsl.worker.try</c>: the try's
/// trace context travels with the dispatch, so spans an app's own code makes on a worker nest under it); and a
/// <see cref="Meter"/> with task counters and try durations. Subscribe with OpenTelemetry's
/// <c>AddSource(ParslTelemetry.Name)</c> and <c>AddMeter(ParslTelemetry.Name)</c>. With no listener, nothing is made.
/// </summary>
public static class ParslTelemetry
{
    /// <summary>The name of the activity source and of the meter: <c>Parsl</c>.</summary>
    public const string Name = "Parsl";

    /// <summary>The source of Parsl's spans.</summary>
    public static ActivitySource Source { get; } = new(Name, typeof(ParslTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>The meter of Parsl's instruments.</summary>
    public static Meter Meter { get; } = new(Name, typeof(ParslTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary><c>parsl.tasks.submitted</c>: apps called (tag <c>parsl.app</c>).</summary>
    public static Counter<long> TasksSubmitted { get; } = Meter.CreateCounter<long>("parsl.tasks.submitted", "{task}", "Apps called");

    /// <summary><c>parsl.tasks.completed</c>: tasks that reached a final state (tags <c>parsl.app</c>, <c>parsl.state</c>).</summary>
    public static Counter<long> TasksCompleted { get; } = Meter.CreateCounter<long>("parsl.tasks.completed", "{task}", "Tasks that reached a final state");

    /// <summary><c>parsl.try.duration</c>: seconds from a try's launch to its outcome (tags <c>parsl.app</c>,
    /// <c>parsl.executor</c>, <c>parsl.outcome</c>).</summary>
    public static Histogram<double> TryDuration { get; } = Meter.CreateHistogram<double>("parsl.try.duration", "s", "From a try's launch to its outcome");
}
