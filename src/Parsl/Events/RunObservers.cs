using Microsoft.Extensions.Logging;

namespace Parsl.Events;

/// <summary>
/// The observers of one run: a copy-on-write array, so publishing reads one field and subscribing never blocks it.
/// Callers test <see cref="Any"/> before building an event, so a run with no observer builds none.
/// </summary>
internal sealed class RunObservers(ILogger logger)
{
    private IRunObserver[] _observers = [];

    public bool Any => Volatile.Read(ref _observers).Length > 0;

    public IDisposable Add(IRunObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        Update(current => [.. current, observer]);
        return new Subscription(this, observer);
    }

    public void Publish(in RunEvent e)
    {
        foreach (var observer in Volatile.Read(ref _observers))
        {
            try
            {
                observer.OnEvent(in e);
            }
            catch (Exception exception)
            {
                // An observer is a guest: its failure must not become the run's.
                Remove(observer);
                logger.LogError(exception, "Run observer {Observer} threw on {Kind} and was removed; the run goes on", observer.GetType().Name, e.Kind);
            }
        }
    }

    private void Remove(IRunObserver observer) => Update(current => [.. current.Where(o => !ReferenceEquals(o, observer))]);

    private void Update(Func<IRunObserver[], IRunObserver[]> change)
    {
        while (true)
        {
            var current = Volatile.Read(ref _observers);
            if (Interlocked.CompareExchange(ref _observers, change(current), current) == current)
                return;
        }
    }

    private sealed class Subscription(RunObservers owner, IRunObserver observer) : IDisposable
    {
        public void Dispose() => owner.Remove(observer);
    }
}
