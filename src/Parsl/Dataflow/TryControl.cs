namespace Parsl.Dataflow;

/// <summary>
/// The cancellation and walltime clock of one try, for apps that can observe cancellation or have a walltime. At the
/// walltime the try's token is cancelled (a bash app's process group is killed, a code app sees its token); if the try
/// has still not reported after the run's grace period, the kernel abandons it and the task moves on.
/// </summary>
internal sealed class TryControl : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Action<int> _abandon;
    private readonly int _number;
    private Timer? _clock;
    private TimeSpan _grace;
    private volatile bool _walltimeExpired;

    public TryControl(CancellationToken run, int number, Action<int> abandon)
    {
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(run);
        _number = number;
        _abandon = abandon;
    }

    public CancellationToken Token => _cancellation.Token;

    public bool WalltimeExpired => _walltimeExpired;

    /// <summary>Starts the walltime clock of a try that has started.</summary>
    public void StartClock(TimeSpan walltime, TimeSpan grace)
    {
        _grace = grace;
        _clock = new Timer(static state => ((TryControl)state!).OnTick(), this, walltime, Timeout.InfiniteTimeSpan);
    }

    private void OnTick()
    {
        if (_walltimeExpired)
        {
            _abandon(_number);
            return;
        }
        _walltimeExpired = true;
        Cancel();
        try
        {
            _clock?.Change(_grace, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // the try reported meanwhile
        }
    }

    /// <summary>Cancels the try; safe against a try that has just finished and disposed this.</summary>
    public void Cancel()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the try finished meanwhile
        }
        catch (AggregateException)
        {
            // a callback registered on the token threw; it must not take down the timer thread
        }
    }

    /// <summary>Stops the clock only: the token stays usable for an abandoned body that may still be holding it.</summary>
    public void StopClock() => _clock?.Dispose();

    public void Dispose()
    {
        _clock?.Dispose();
        _cancellation.Dispose();
    }
}
