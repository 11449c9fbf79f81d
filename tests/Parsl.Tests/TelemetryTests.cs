using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Parsl.Diagnostics;
using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>
/// Parsl's OpenTelemetry spans, exported with the SDK's in-memory exporter: one per try, children of the run's, tagged,
/// and continued inside worker processes, so spans the app's own code makes there nest under its try.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-telemetry-").FullName;
    private readonly List<Activity> _exported = [];

    private ParslConfig Config(IExecutor executor) => new()
    {
        Executors = [executor],
        RunDirectory = Path.Combine(_scratch, "runinfo"),
        ExitOnCtrlC = false,
        PrintFailureReport = false,
    };

    private TracerProvider Tracing() => Sdk.CreateTracerProviderBuilder()
        .AddSource(ParslTelemetry.Name, TracedApps.SourceName)
        .AddInMemoryExporter(_exported)
        .Build();

    [Fact]
    public async Task Each_try_is_a_span_under_the_runs_and_the_apps_own_spans_nest_under_it()
    {
        string parentSeenByApp;
        using (Tracing())
        {
            await using (var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2))))
            {
                parentSeenByApp = await TracedApps.WorkAsync(1);
                await Assert.ThrowsAsync<InvalidOperationException>(async () => await TracedApps.BrokenAsync(2));
            }
        }

        var run = Assert.Single(_exported, s => s.OperationName == "parsl.run");
        var tries = _exported.Where(s => s.OperationName == "parsl.try").ToList();
        Assert.Equal(2, tries.Count);
        Assert.All(tries, t => Assert.Equal(run.SpanId, t.ParentSpanId));
        Assert.All(tries, t => Assert.Equal(run.TraceId, t.TraceId));
        var work = Assert.Single(tries, t => (string?)t.GetTagItem("parsl.app") == "Parsl.Tests.TracedApps.Work");
        Assert.Equal("local", work.GetTagItem("parsl.executor"));
        Assert.Equal("succeeded", work.GetTagItem("parsl.outcome"));
        var broken = Assert.Single(tries, t => (string?)t.GetTagItem("parsl.app") == "Parsl.Tests.TracedApps.Broken");
        Assert.Equal(ActivityStatusCode.Error, broken.Status);
        Assert.Equal("InvalidOperationException: broken 2", broken.StatusDescription);
        var appSpan = Assert.Single(_exported, s => s.OperationName == "app.work");
        Assert.Equal(work.SpanId, appSpan.ParentSpanId);
        Assert.Equal(work.SpanId.ToHexString(), parentSeenByApp);
    }

    [Fact]
    public async Task A_try_on_a_worker_process_continues_its_span_there_and_the_apps_spans_nest_under_it()
    {
        var spanFile = Path.Combine(_scratch, "worker-spans.tsv");
        string parentSeenByApp;
        using (Tracing())
        {
            var executor = new HighThroughputExecutor("htex")
            {
                MaxWorkersPerNode = 1,
                WorkerInit = $"export {WorkerSpanFile.Variable}='{spanFile}'", // the workers' own exporter (see WorkerSpanFile)
                HeartbeatPeriod = TestTimings.HeartbeatPeriod,
                HeartbeatThreshold = TestTimings.HeartbeatThreshold,
            };
            await using (var kernel = await DataFlowKernel.LoadAsync(Config(executor)))
                parentSeenByApp = await TracedApps.WorkAsync(7);
        }

        var run = Assert.Single(_exported, s => s.OperationName == "parsl.run");
        var attempt = Assert.Single(_exported, s => s.OperationName == "parsl.try");
        Assert.Equal(run.SpanId, attempt.ParentSpanId);
        Assert.Equal("htex", attempt.GetTagItem("parsl.executor"));
        Assert.NotNull(attempt.GetTagItem("parsl.block"));
        Assert.DoesNotContain(_exported, s => s.OperationName == "app.work"); // made in the worker, not here

        // What the worker exported: its continuation of the try, a child of the try's span across the process boundary,
        // and the app's own span under it, all in the run's trace.
        var lines = File.ReadAllLines(spanFile).Select(line => line.Split('\t')).Where(f => f[1] == run.TraceId.ToHexString()).ToList();
        var workerTry = Assert.Single(lines, f => f[0] == "parsl.worker.try");
        Assert.Equal(attempt.SpanId.ToHexString(), workerTry[3]);
        var appSpan = Assert.Single(lines, f => f[0] == "app.work");
        Assert.Equal(workerTry[2], appSpan[3]);
        Assert.Equal(workerTry[2], parentSeenByApp);
    }

    [Fact]
    public async Task The_meter_counts_tasks_and_measures_tries()
    {
        var measured = new List<(string Instrument, double Value, string? App, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ParslTelemetry.Name)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        await using (var kernel = await DataFlowKernel.LoadAsync(Config(new ThreadPoolExecutor("local", 2))))
        {
            await TracedApps.WorkAsync(1);
            await Assert.ThrowsAsync<InvalidOperationException>(async () => await TracedApps.BrokenAsync(2));
        }

        lock (measured)
        {
            Assert.Equal(2, measured.Count(m => m.Instrument == "parsl.tasks.submitted" && m.App!.StartsWith("Parsl.Tests.TracedApps.", StringComparison.Ordinal)));
            Assert.Contains(measured, m => m.Instrument == "parsl.tasks.completed" && m.App == "Parsl.Tests.TracedApps.Broken");
            Assert.Contains(measured, m => m.Instrument == "parsl.try.duration" && m.App == "Parsl.Tests.TracedApps.Work" && m.Outcome == "succeeded" && m.Value >= 0);
            Assert.Contains(measured, m => m.Instrument == "parsl.try.duration" && m.App == "Parsl.Tests.TracedApps.Broken" && m.Outcome == "failed");
        }

        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? app = null, outcome = null;
            foreach (var tag in tags)
                (app, outcome) = tag.Key switch { "parsl.app" => ((string?)tag.Value, outcome), "parsl.outcome" => (app, (string?)tag.Value), _ => (app, outcome) };
            lock (measured)
                measured.Add((instrument.Name, value, app, outcome));
        }
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}

/// <summary>Tests that listen to Parsl's process-wide activity source and meter run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
