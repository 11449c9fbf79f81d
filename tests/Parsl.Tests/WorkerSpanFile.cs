using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Parsl.Tests;

/// <summary>
/// What a user does to export spans made in worker processes: a module initializer of the workflow's assembly (workers
/// run them) starts a tracer provider. Here it writes each finished span of Parsl's and the traced apps' sources as a
/// line of a file, when <c>PARSL_TEST_SPAN_FILE</c> names one, so the telemetry test reads what a worker exported.
/// </summary>
internal static class WorkerSpanFile
{
    public const string Variable = "PARSL_TEST_SPAN_FILE";

    private static TracerProvider? s_provider;

    [ModuleInitializer]
    internal static void Start()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
            return;
        s_provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(Diagnostics.ParslTelemetry.Name, TracedApps.SourceName)
            .AddProcessor(new SpanLineWriter(path))
            .Build();
    }

    /// <summary>One line per span: name, trace id, span id, parent span id, tab-separated.</summary>
    private sealed class SpanLineWriter(string path) : BaseProcessor<Activity>
    {
        private readonly Lock _gate = new();

        public override void OnEnd(Activity span)
        {
            lock (_gate)
                File.AppendAllText(path, $"{span.OperationName}\t{span.TraceId.ToHexString()}\t{span.SpanId.ToHexString()}\t{span.ParentSpanId.ToHexString()}\n");
        }
    }
}
