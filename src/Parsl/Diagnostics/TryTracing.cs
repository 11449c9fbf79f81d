using System.Diagnostics;

namespace Parsl.Diagnostics;

/// <summary>The spans and measurements of runs and tries (see <see cref="ParslTelemetry"/>). Every entry point returns
/// at once when nobody listens, so a run without OpenTelemetry pays two flag tests per try.</summary>
internal static class TryTracing
{
    public static Activity? StartRun(string runDirectory)
    {
        if (!ParslTelemetry.Source.HasListeners())
            return null;
        var previous = Activity.Current;
        var run = ParslTelemetry.Source.StartActivity("parsl.run", ActivityKind.Internal, parentContext: previous?.Context ?? default);
        run?.SetTag("parsl.run_dir", runDirectory);
        Activity.Current = previous; // the run's span is its tries' parent, not the ambient span of whoever loaded the kernel
        return run;
    }

    /// <summary>A try's span (from launch) and start time, or null when nobody listens; the launching thread's ambient
    /// span is left as it was.</summary>
    public static TryTelemetry? StartTry(Activity? run, AppDescriptor app, long taskId, int number, string executor)
    {
        if (!ParslTelemetry.Source.HasListeners() && !ParslTelemetry.TryDuration.Enabled)
            return null;
        var previous = Activity.Current;
        var span = ParslTelemetry.Source.StartActivity("parsl.try", ActivityKind.Internal, parentContext: run?.Context ?? default);
        Activity.Current = previous;
        if (span is not null)
        {
            span.DisplayName = $"{app.Name} (task {taskId}, try {number})";
            span.SetTag("parsl.app", app.Id);
            span.SetTag("parsl.task_id", taskId);
            span.SetTag("parsl.try", number);
            span.SetTag("parsl.executor", executor);
        }
        return new TryTelemetry(span, app.Id, executor, Stopwatch.GetTimestamp());
    }

    public static void Started(TryTelemetry telemetry, Events.TryPlacement? placement, TimeSpan ago)
    {
        if (telemetry.Span is not { } span)
            return;
        span.AddEvent(new ActivityEvent("started", DateTimeOffset.UtcNow - ago));
        if (placement is null)
            return;
        span.SetTag("parsl.block", placement.Block);
        span.SetTag("parsl.manager", placement.Manager);
        span.SetTag("host.name", placement.Host);
    }

    public static void End(TryTelemetry telemetry, Exception? failure)
    {
        var outcome = failure is null ? "succeeded" : "failed";
        if (telemetry.Span is { } span)
        {
            span.SetTag("parsl.outcome", outcome);
            if (failure is null)
                span.SetStatus(ActivityStatusCode.Ok);
            else
                span.SetStatus(ActivityStatusCode.Error, $"{failure.GetType().Name}: {failure.Message}");
            span.Stop();
        }
        if (ParslTelemetry.TryDuration.Enabled)
            ParslTelemetry.TryDuration.Record(Stopwatch.GetElapsedTime(telemetry.LaunchedAt).TotalSeconds,
                new KeyValuePair<string, object?>("parsl.app", telemetry.App),
                new KeyValuePair<string, object?>("parsl.executor", telemetry.Executor),
                new KeyValuePair<string, object?>("parsl.outcome", outcome));
    }
}
