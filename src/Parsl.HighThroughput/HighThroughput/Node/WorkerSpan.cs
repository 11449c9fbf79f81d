using System.Diagnostics;
using Parsl.Diagnostics;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The try's span continued inside the worker (<c>parsl.worker.try</c>), a child of the workflow's <c>parsl.try</c>
/// through the <c>traceparent</c> the dispatch carries, and the worker's ambient span while the app runs: spans the
/// app's own code makes nest under it. Exported by whatever listens in the worker (a module initializer of the
/// workflow's assembly may start a tracer provider: workers run them); with no listener it still carries the trace,
/// so the app's spans keep the workflow's trace id.
/// </summary>
internal static class WorkerSpan
{
    public static Activity? Start(string? traceParent, string appId, long taskId)
    {
        if (traceParent is null || !ActivityContext.TryParse(traceParent, null, out var parent))
            return null;
        var span = ParslTelemetry.Source.StartActivity("parsl.worker.try", ActivityKind.Internal, parent)
            ?? new Activity("parsl.worker.try").SetParentId(traceParent).Start();
        span.SetTag("parsl.app", appId);
        span.SetTag("parsl.task_id", taskId);
        span.SetTag("host.name", Environment.MachineName);
        span.SetTag("process.pid", Environment.ProcessId);
        return span;
    }

    public static void End(Activity? span, Exception? failure)
    {
        if (span is null)
            return;
        if (failure is null)
            span.SetStatus(ActivityStatusCode.Ok);
        else
            span.SetStatus(ActivityStatusCode.Error, $"{failure.GetType().Name}: {RemoteFailure.MessageOf(failure)}");
        span.Stop();
    }
}
