using System.Diagnostics;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Wakes one thread that sleeps until something arrives, spinning first only while things come quickly.
/// SemaphoreSlim and BlockingCollection always spin before they sleep (140 rounds, 65 of them <c>sched_yield</c>: up to
/// half a millisecond). That pays off when the next item comes soon, and on a virtual machine it keeps a core from
/// halting, whose wake-up costs tens of microseconds. But a manager's loop and a worker's main thread that wait
/// milliseconds for the next try (an MPI launch, say) spun for nothing on every try, on nodes whose cores the tries
/// themselves need. So a doorbell spins before a wait only if its previous wait was short (docs/performance.md).
/// </summary>
// Never disposed: a message that arrives after its owner is done may still ring it, and must not throw.
internal sealed class Doorbell
{
    /// <summary>A wait at most this long means items come quickly: the next wait spins first.</summary>
    private static readonly long ShortWait = Stopwatch.Frequency / 1000;

    /// <summary>As many spins as SemaphoreSlim makes before it sleeps (four times SpinWait's count before a wait).</summary>
    private const int Spins = 4 * 35;

    private readonly ManualResetEventSlim _rung = new(initialState: false, spinCount: 0);
    private bool _lastWaitWasShort = true;

    /// <summary>Wakes the waiter, or the next <see cref="Wait"/> returns at once. Rings that find it rung already
    /// (items arriving in a batch) cost a read: setting it again would take its lock beside the waking waiter.</summary>
    public void Ring()
    {
        if (!_rung.IsSet)
            _rung.Set();
    }

    /// <summary>
    /// Waits until <see cref="Ring"/> (or the timeout), and clears the ring: the caller then looks at everything that
    /// came. A ring during that look makes the next wait return at once, so nothing that arrives is slept through.
    /// One thread waits.
    /// </summary>
    public void Wait(int millisecondsTimeout)
    {
        var started = Stopwatch.GetTimestamp();
        if (_lastWaitWasShort && millisecondsTimeout != 0)
        {
            var spinner = new SpinWait();
            while (!_rung.IsSet && spinner.Count < Spins)
                spinner.SpinOnce(sleep1Threshold: -1);
        }
        _rung.Wait(millisecondsTimeout);
        _rung.Reset();
        _lastWaitWasShort = Stopwatch.GetTimestamp() - started <= ShortWait;
    }
}
