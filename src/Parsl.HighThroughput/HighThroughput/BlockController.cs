using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Parsl.Logging;
using Parsl.Providers;
using Parsl.Scaling;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Keeps an executor's blocks: submits the initial ones, polls the provider (one status query for all blocks), runs the
/// scaling strategy on each poll, releases idle blocks, and gives up blocks that never connect or whose manager is lost
/// (cancelled through the provider, so the scaling rules replace them). After
/// <see cref="HighThroughputExecutor.MaxBlockStartFailures"/> failed starts in a row with no worker connected the
/// waiting tasks fail with the reason instead of hanging; starts go on, backing off, so the executor is never broken
/// for good.
/// </summary>
internal sealed class BlockController : IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(2);

    private readonly HighThroughputExecutor _executor;
    private readonly Interchange _interchange;
    private readonly Func<string, BlockRequest> _request;
    private readonly string _logDirectory;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Block> _blocks = new(StringComparer.Ordinal); // by job id; guarded by _gate
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly RunClock _clock = new();
    private readonly ConcurrentQueue<string> _lostBlocks = new();
    // A block's manager may connect before its submission's request is published (a busy machine can hold the submitting
    // thread back that long): its start then waits, so every block's events come requested, then started.
    private readonly Lock _announcing = new();
    private readonly HashSet<string> _requestedBlocks = new(StringComparer.Ordinal); // guarded by _announcing
    private readonly HashSet<string> _startedBlocks = new(StringComparer.Ordinal); // whose first manager connected; guarded by _announcing
    private Task? _loop;
    private int _nextBlock;
    private int _failedStarts;
    private int _refusedInARow;
    private bool _statusFailing;
    private long _submitAgainAtTicks; // UTC ticks; read by Broken from any thread
    private volatile Exception? _failing;
    private int _wakePending;

    private readonly ExecutorContext? _context;

    public BlockController(HighThroughputExecutor executor, Interchange interchange, Func<string, BlockRequest> request, string logDirectory, ILogger logger, ExecutorContext? context = null)
    {
        _context = context;
        _executor = executor;
        _interchange = interchange;
        _request = request;
        _logDirectory = logDirectory;
        _logger = logger;
        _interchange.ManagerChanged += OnManagerChanged;
    }

    /// <summary>
    /// Why the last <see cref="HighThroughputExecutor.MaxBlockStartFailures"/> blocks in a row failed to start, while the
    /// next start is held back: submissions in that window fail at once with it. Later ones wait for the next start, so
    /// an executor is never broken for good; cleared when a manager connects.
    /// </summary>
    public Exception? Broken => _failing is { } failing && DateTime.UtcNow.Ticks < Volatile.Read(ref _submitAgainAtTicks) ? failing : null;

    private bool MaySubmit => DateTime.UtcNow.Ticks >= Volatile.Read(ref _submitAgainAtTicks);

    private sealed record Block(string BlockId, string JobId, DateTimeOffset Submitted)
    {
        /// <summary>When the provider first said it runs, on <see cref="RunClock"/>: a workflow stopped meanwhile does not count it as starting time.</summary>
        public long? RunningSince { get; set; }

        public bool Ended { get; private set; }

        /// <summary>Marks the block over (ended, timed out, released or given up) and takes it off the block gauge, once.</summary>
        public void End()
        {
            if (Ended)
                return;
            Ended = true;
            HtexMetrics.Blocks.Add(-1);
        }
    }

    /// <summary>On the interchange's thread: a lost manager's block is given up on the controller's next poll, which comes at once.</summary>
    private void OnManagerChanged(string blockId, ManagerChange change)
    {
        switch (change)
        {
            case ManagerChange.Connected:
                AnnounceStart(blockId);
                _failing = null;
                Interlocked.Exchange(ref _failedStarts, 0);
                break;
            case ManagerChange.Lost:
                _lostBlocks.Enqueue(blockId);
                Wake();
                break;
        }
    }

    private void AnnounceRequest(string blockId, string jobId)
    {
        lock (_announcing)
        {
            Publish(Events.RunEventKind.BlockRequested, blockId, jobId, _executor.Provider.Name);
            _requestedBlocks.Add(blockId);
            if (_startedBlocks.Contains(blockId)) // its manager connected first
                Publish(Events.RunEventKind.BlockStarted, blockId, null);
        }
    }

    private void AnnounceStart(string blockId)
    {
        lock (_announcing)
        {
            // Once per block (its first manager), and only after its request; else the request publishes it.
            if (_startedBlocks.Add(blockId) && _requestedBlocks.Contains(blockId))
                Publish(Events.RunEventKind.BlockStarted, blockId, null);
        }
    }

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < _executor.Scaling.StartBlocks && MaySubmit; i++)
                await SubmitBlockAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>A task was queued: scale at once instead of at the next poll when blocks may be missing.</summary>
    public void OnSubmitted() => Wake();

    private void Wake()
    {
        if (Volatile.Read(ref _wakePending) == 0 && Interlocked.Exchange(ref _wakePending, 1) == 0)
            _wake.Release();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_executor.ScalingInterval, _stop.Token).ConfigureAwait(false);
                Volatile.Write(ref _wakePending, 0);
                await PollAsync(_stop.Token).ConfigureAwait(false);
                // Submissions wake the loop early, but it polls the provider at most five times a second.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, _executor.ScalingInterval.TotalMilliseconds)), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Executor {Label}: managing blocks failed; trying again in {Interval}", _executor.Label, _executor.ScalingInterval);
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await GiveUpLostBlocksAsync(cancellationToken).ConfigureAwait(false);
            var live = _blocks.Values.Where(b => !b.Ended).ToList();
            if (live.Count > 0 && await StatusAsync(live, cancellationToken).ConfigureAwait(false) is { } statuses)
            {
                foreach (var block in live)
                    if (statuses.TryGetValue(block.JobId, out var status))
                        await ObserveAsync(block, status, cancellationToken).ConfigureAwait(false);
            }
            var views = _blocks.Values.Select(b =>
            {
                // A block whose manager has not connected runs nothing: idle since it was submitted, and released
                // first when blocks are in excess (it brings no slot, and may never).
                var activity = _interchange.Blocks.GetValueOrDefault(b.BlockId);
                return activity is { EverConnected: true }
                    ? new BlockView(b.JobId, !b.Ended, activity.Running, activity.IdleSince)
                    : new BlockView(b.JobId, !b.Ended, 0, b.Submitted, IsConnected: false);
            }).ToList();
            var decision = ScalingStrategy.Decide(_executor.Scaling, _interchange.Outstanding, SlotsPerBlock(), views, DateTimeOffset.UtcNow);
            // After a refused submission or a run of failed starts the next submission waits (the scheduler may be
            // restarting or overloaded, the nodes busy with something else).
            for (var i = 0; i < decision.AddBlocks && MaySubmit; i++)
                await SubmitBlockAsync(cancellationToken).ConfigureAwait(false);
            if (decision.ReleaseBlocks.Count > 0)
                await ReleaseAsync(decision.ReleaseBlocks, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The provider's word on the live blocks, or null when it could not be had (logged once per run of failures).</summary>
    private async Task<IReadOnlyDictionary<string, BlockStatus>?> StatusAsync(List<Block> live, CancellationToken cancellationToken)
    {
        try
        {
            var statuses = await _executor.Provider.StatusAsync([.. live.Select(b => b.JobId)], cancellationToken).ConfigureAwait(false);
            if (_statusFailing)
                _logger.LogInformation("Executor {Label}: the {Provider} provider answers status queries again", _executor.Label, _executor.Provider.Name);
            _statusFailing = false;
            return statuses;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (!_statusFailing)
                _logger.LogWarning(exception, "Executor {Label}: the {Provider} provider could not say how its blocks are ({Message}); asking again every {Interval}",
                    _executor.Label, _executor.Provider.Name, exception.Message, _executor.ScalingInterval);
            _statusFailing = true;
            return null;
        }
    }

    /// <summary>
    /// A block whose manager was lost (silent past the heartbeat threshold: a frozen or unreachable node) is cancelled
    /// through its provider and its other managers are sent away; its tries already went back in the queue, and the
    /// scaling rules start a replacement when they are owed one.
    /// </summary>
    private async Task GiveUpLostBlocksAsync(CancellationToken cancellationToken)
    {
        while (_lostBlocks.TryDequeue(out var blockId))
        {
            var block = _blocks.Values.FirstOrDefault(b => b.BlockId == blockId);
            if (block is null || block.Ended)
                continue;
            _logger.LogWarning("Executor {Label}: block {Block} (job {Job}) lost a manager; cancelling the block through the {Provider} provider so that a new one can replace it",
                _executor.Label, block.BlockId, block.JobId, _executor.Provider.Name);
            await GiveUpAsync(block, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ObserveAsync(Block block, BlockStatus status, CancellationToken cancellationToken)
    {
        var connected = _interchange.Blocks.GetValueOrDefault(block.BlockId) is { EverConnected: true };
        if (status.State == BlockState.Running && block.RunningSince is null)
            block.RunningSince = _clock.Now;
        if (status.IsFinal)
        {
            block.End();
            // Its job is over, so nothing of it may go on serving (a manager whose launching shell was killed is an orphan).
            _interchange.RetireBlock(block.BlockId);
            // A failed job may still hold its place in the queue (an HTCondor job on hold waits for a person): remove it.
            if (status.State == BlockState.Failed)
                await CancelJobsAsync([block.JobId], cancellationToken).ConfigureAwait(false);
            if (!connected)
                OnFailedStart(block, $"it ended ({status.State}{(status.ExitCode is { } code ? ", exit code " + code.ToString(CultureInfo.InvariantCulture) : "")}) before its manager connected" +
                    (string.IsNullOrWhiteSpace(status.Message) ? "" : ": " + status.Message.Trim()));
            else
                _logger.LogInformation("Executor {Label}: block {Block} (job {Job}) ended: {State}", _executor.Label, block.BlockId, block.JobId, status.State);
            return;
        }
        if (!connected && block.RunningSince is { } since && _clock.Now - since > _executor.BlockStartTimeout.TotalMilliseconds)
        {
            await GiveUpAsync(block, cancellationToken).ConfigureAwait(false);
            OnFailedStart(block, $"it ran for {_executor.BlockStartTimeout.TotalSeconds:0} s without its manager connecting to {_executor.Address}:{_interchange.Port} " +
                "(check that the nodes can reach that address, or set Address to one they can)");
        }
    }

    /// <summary>Ends a block for good: no manager of it is let in again, and its job is cancelled.</summary>
    private async Task GiveUpAsync(Block block, CancellationToken cancellationToken)
    {
        block.End();
        _interchange.RetireBlock(block.BlockId);
        await CancelJobsAsync([block.JobId], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels jobs through the provider; a provider that fails to is logged, and the executor goes on.</summary>
    private async Task CancelJobsAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        try
        {
            await _executor.Provider.CancelAsync(jobIds, cancellationToken).ConfigureAwait(false);
            await RemoveContainersAsync(jobIds).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "Executor {Label}: the {Provider} provider could not cancel job(s) {Jobs}: {Message}",
                _executor.Label, _executor.Provider.Name, string.Join(", ", jobIds), exception.Message);
        }
    }

    /// <summary>
    /// The containers of cancelled blocks whose managers run in an image on this machine are stopped and removed: the
    /// runtime keeps a container its client left, and a manager frozen inside (SIGSTOP, a hung node) ignores the SIGTERM
    /// that reached it, so nothing else would end it. On a batch scheduler's nodes this machine's runtime cannot reach them.
    /// </summary>
    private async Task RemoveContainersAsync(IReadOnlyCollection<string> jobIds)
    {
        if (!_executor.WorkersRunInContainer || _executor.Container is not { } image || _executor.Provider is not Providers.LocalProvider)
            return;
        foreach (var jobId in jobIds)
        {
            if (!_blocks.TryGetValue(jobId, out var block))
                continue;
            var labels = WorkerCommand.ContainerLabels(_executor, _logDirectory, block.BlockId);
            if (await Task.Run(() => Containers.ContainerSweep.StopAndRemove(image, labels)).ConfigureAwait(false) is { } left)
                _logger.LogWarning("Executor {Label}: the container of block {Block} could not be removed: {Reason}", _executor.Label, block.BlockId, left);
        }
    }

    /// <summary>A block event for the run's observers, built only when someone observes.</summary>
    private void Publish(Events.RunEventKind kind, string blockId, string? jobId, string? message = null)
    {
        if (_context is { IsObserved: true } context)
            context.Publish(new Events.RunEvent { Kind = kind, Time = context.Now, Executor = _executor.Label, Block = blockId, Job = jobId, Message = message });
    }

    private void OnFailedStart(Block block, string reason)
    {
        reason = Sentence.Clause(reason);
        Publish(Events.RunEventKind.BlockFailed, block.BlockId, block.JobId, reason);
        var failures = Interlocked.Increment(ref _failedStarts);
        var logs = Path.Combine(_logDirectory, "blocks");
        // Past MaxBlockStartFailures in a row, starts back off as refused submissions do: something is wrong, and
        // retrying at once would only spin.
        if (failures >= _executor.MaxBlockStartFailures)
            DelaySubmissions(failures - _executor.MaxBlockStartFailures);
        _logger.LogWarning("Executor {Label}: block {Block} (job {Job}) failed to start: {Reason}. Its output is in {Logs}",
            _executor.Label, block.BlockId, block.JobId, reason, logs);
        if (failures < _executor.MaxBlockStartFailures || _interchange.Blocks.Values.Any(a => a.Workers > 0))
            return;
        var error = new InvalidOperationException(
            $"Executor '{_executor.Label}' could not start any block: {failures} blocks in a row failed to start (MaxBlockStartFailures is {_executor.MaxBlockStartFailures}). " +
            $"The last one, block {block.BlockId} (job {block.JobId}), failed because {reason}. Block logs are in {logs}.");
        // The tasks waiting now fail with the reason; starts go on, backing off, for the tasks that come later.
        _failing = error;
        _logger.LogError("{Message} The tasks waiting for it fail; blocks are tried again, less and less often, for later ones", error.Message);
        _interchange.FailWaiting(error);
    }

    /// <summary>Holds the next submission back: SubmitRetryDelay doubled <paramref name="doublings"/> times, at most two minutes.</summary>
    private TimeSpan DelaySubmissions(int doublings)
    {
        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _executor.SubmitRetryDelay.Ticks << Math.Clamp(doublings, 0, 16)));
        var until = DateTime.UtcNow.Ticks + delay.Ticks;
        if (until > Volatile.Read(ref _submitAgainAtTicks))
            Volatile.Write(ref _submitAgainAtTicks, until);
        return delay;
    }

    private int SlotsPerBlock()
    {
        var connected = _interchange.Blocks.Values.Where(a => a.Workers > 0).Select(a => a.Workers).DefaultIfEmpty(0).Max();
        if (connected > 0)
            return connected + _executor.Prefetch;
        var perNode = _executor.MaxWorkersPerNode ?? Math.Max(1, (int)(Environment.ProcessorCount / _executor.CoresPerWorker));
        return perNode * _executor.Scaling.NodesPerBlock + _executor.Prefetch;
    }

    private async Task SubmitBlockAsync(CancellationToken cancellationToken)
    {
        var blockId = _nextBlock++.ToString(CultureInfo.InvariantCulture);
        var request = _request(blockId);
        try
        {
            var jobId = await _executor.Provider.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            _blocks[jobId] = new Block(blockId, jobId, DateTimeOffset.UtcNow);
            _refusedInARow = 0;
            HtexMetrics.Blocks.Add(1);
            _logger.LogInformation("Executor {Label}: submitted block {Block} as job {Job} to the {Provider} provider", _executor.Label, blockId, jobId, _executor.Provider.Name);
            AnnounceRequest(blockId, jobId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever the provider threw, the block did not start: back off (doubling per refusal in a row), and the
            // tasks waiting for blocks fail with the provider's words once too many did not start.
            var delay = DelaySubmissions(_refusedInARow++);
            var words = exception is BlockSubmissionException ? exception.Message : $"{exception.GetType().Name}: {exception.Message}";
            if (exception is not BlockSubmissionException)
                _logger.LogDebug(exception, "Executor {Label}: the {Provider} provider threw while submitting block {Block}", _executor.Label, _executor.Provider.Name, blockId);
            OnFailedStart(new Block(blockId, "(none)", DateTimeOffset.UtcNow), $"the {_executor.Provider.Name} provider refused it (next submission in {delay.TotalSeconds:0.#} s): {words}");
        }
    }

    private async Task ReleaseAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken)
    {
        foreach (var jobId in jobIds)
        {
            var block = _blocks[jobId];
            _logger.LogInformation("Executor {Label}: releasing idle block {Block} (job {Job})", _executor.Label, block.BlockId, jobId);
            Publish(Events.RunEventKind.BlockReleased, block.BlockId, jobId, "idle");
            _interchange.RetireBlock(block.BlockId);
            block.End();
        }
        await CancelJobsAsync(jobIds, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops scaling, asks the managers to leave, then cancels every block still alive.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _interchange.ShutdownManagers();
            var live = _blocks.Values.Where(b => !b.Ended).ToList();
            // Managers leave on their own when asked; give them a moment, then cancel whatever is left so no process outlives the run.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (DateTime.UtcNow < deadline && live.Any(b => _interchange.Blocks.GetValueOrDefault(b.BlockId) is { Workers: > 0 }))
                await Task.Delay(20).ConfigureAwait(false);
            if (live.Count > 0)
                await CancelJobsAsync([.. live.Select(b => b.JobId)], CancellationToken.None).ConfigureAwait(false);
            foreach (var block in live)
            {
                block.End();
                Publish(Events.RunEventKind.BlockReleased, block.BlockId, block.JobId, "shutdown");
            }
        }
        finally
        {
            _gate.Release();
            _stop.Dispose();
            _clock.Dispose();
        }
    }
}
