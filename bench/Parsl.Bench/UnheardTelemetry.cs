using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Parsl.Diagnostics;

namespace Parsl.Bench;

/// <summary>
/// OpenTelemetry on in the process, as an app turns it on for its own spans and metrics, without Parsl's source and
/// meter: the SDK's activity and meter listeners are live, and none of them listens to Parsl. Parsl has no switch of
/// its own (<see cref="ParslTelemetry"/> always exists); this is the "on, with no listener" a user can be in.
/// </summary>
internal sealed class UnheardTelemetry : IDisposable
{
    private const string AppSource = "Parsl.Bench";

    private readonly TracerProvider _tracing = Sdk.CreateTracerProviderBuilder().AddSource(AppSource).Build();
    private readonly MeterProvider _metrics = Sdk.CreateMeterProviderBuilder().AddMeter(AppSource).Build();

    /// <summary>Fails the measurement if anything listened to Parsl after all: it would not be the case measured.</summary>
    public void AssertUnheard()
    {
        if (ParslTelemetry.Source.HasListeners() || ParslTelemetry.TryDuration.Enabled || ParslTelemetry.TasksSubmitted.Enabled)
            throw new InvalidOperationException("Parsl's telemetry had a listener in the OpenTelemetry-without-listener runs.");
    }

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }
}
