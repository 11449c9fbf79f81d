using Microsoft.Extensions.Logging;
using Parsl.Events;

namespace Parsl.Executors;

/// <summary>What the kernel gives an executor when it starts.</summary>
/// <param name="RunDirectory">This run's directory (e.g. <c>runinfo/003</c>), for logs and scratch files.</param>
/// <param name="LoggerFactory">Where the executor logs.</param>
/// <param name="CancellationToken">Cancelled when the run is cancelled.</param>
public sealed record ExecutorContext(string RunDirectory, ILoggerFactory LoggerFactory, CancellationToken CancellationToken)
{
    private readonly RunObservers? _observers;
    private readonly Func<DateTimeOffset>? _now;

    internal ExecutorContext(string runDirectory, ILoggerFactory loggerFactory, CancellationToken cancellationToken, RunObservers observers, Func<DateTimeOffset> now)
        : this(runDirectory, loggerFactory, cancellationToken)
    {
        _observers = observers;
        _now = now;
    }

    /// <summary>Whether anyone observes the run: build an event only then (<see cref="Publish"/>).</summary>
    public bool IsObserved => _observers?.Any == true;

    /// <summary>The time to stamp an event with (the run's clock).</summary>
    public DateTimeOffset Now => _now?.Invoke() ?? DateTimeOffset.UtcNow;

    /// <summary>Reports what the executor did (blocks requested, started, failed or released; managers connected or lost)
    /// to the run's observers, beside the kernel's own task and try events.</summary>
    public void Publish(in RunEvent e)
    {
        if (_observers is { Any: true } observers)
            observers.Publish(in e);
    }
}
