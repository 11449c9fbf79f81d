using System.Globalization;
using Microsoft.Extensions.Logging;
using Parsl.Providers;
using Parsl.Scaling;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Keeps an executor's blocks: submits the initial ones, polls the provider (one status query for all blocks), runs the
/// scaling strategy on each poll, releases idle blocks, and notices blocks that never connect. After
/// <see cref="HighThroughputExecutor.MaxBlockStartFailures"/> such blocks in a row it fails the waiting tasks with
/// the reason instead of letting them hang.
/// </summary>
internal sealed class BlockController : IAsyncDisposable
{
    private readonly HighThroughputExecutor _executor;
    private readonly Interchange _interchange;
    private readonly Func<string, string> _command;
    private readonly string _logDirectory;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Block> _blocks = new(StringComparer.Ordinal); // by job id; guarded by _gate
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0);
    private Task? _loop;
    private int _nextBlock;
    private int _failedStarts;
    private int _refusedInARow;
    private DateTimeOffset _submitAgainAt = DateTimeOffset.MinValue;
    private volatile Exception? _broken;
    private int _wakePending;

    public BlockController(HighThroughputExecutor executor, Interchange interchange, Func<string, string> command, string logDirectory, ILogger logger)
    {
        _executor = executor;
        _interchange = interchange;
        _command = command;
        _logDirectory = logDirectory;
        _logger = logger;
        _interchange.ManagerChanged += (_, connected) =>
        {
            if (connected)
                Interlocked.Exchange(ref _failedStarts, 0);
        };
    }

    /// <summary>Set when no block could start: every submission fails with it.</summary>
    public Exception? Broken => _broken;

    private sealed record Block(string BlockId, string JobId, DateTimeOffset Submitted)
    {
        public DateTimeOffset? RunningSince { get; set; }

        public bool Ended { get; private set; }

        /// <summary>Marks the block over (ended, timed out, released or cancelled) and takes it off the block gauge, once.</summary>
        public void End()
        {
            if (Ended)
                return;
            Ended = true;
            HtexMetrics.Blocks.Add(-1);
        }
    }

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < _executor.Scaling.InitBlocks; i++)
                await SubmitBlockAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>A task was queued: scale at once instead of at the next poll when blocks may be missing.</summary>
    public void OnSubmitted()
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
                _logger.LogWarning(exception, "Executor {Label}: polling blocks failed; trying again in {Interval}", _executor.Label, _executor.ScalingInterval);
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var live = _blocks.Values.Where(b => !b.Ended).ToList();
            if (live.Count > 0)
            {
                var statuses = await _executor.Provider.StatusAsync([.. live.Select(b => b.JobId)], cancellationToken).ConfigureAwait(false);
                foreach (var block in live)
                    if (statuses.TryGetValue(block.JobId, out var status))
                        await ObserveAsync(block, status, cancellationToken).ConfigureAwait(false);
            }
            if (_broken is not null)
                return;
            var views = _blocks.Values.Select(b =>
            {
                var activity = _interchange.Blocks.GetValueOrDefault(b.BlockId);
                return new BlockView(b.JobId, !b.Ended, activity?.Running ?? 0, activity is { EverConnected: true } ? activity.IdleSince : null);
            }).ToList();
            var decision = ScalingStrategy.Decide(_executor.Scaling, _interchange.Outstanding, SlotsPerBlock(), views, DateTimeOffset.UtcNow);
            // After the provider refused a block, the next submission waits (the scheduler may be restarting, or overloaded).
            for (var i = 0; i < decision.AddBlocks && DateTimeOffset.UtcNow >= _submitAgainAt; i++)
                await SubmitBlockAsync(cancellationToken).ConfigureAwait(false);
            if (decision.ReleaseBlocks.Count > 0)
                await ReleaseAsync(decision.ReleaseBlocks, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ObserveAsync(Block block, BlockStatus status, CancellationToken cancellationToken)
    {
        var connected = _interchange.Blocks.GetValueOrDefault(block.BlockId) is { EverConnected: true };
        if (status.State == BlockState.Running && block.RunningSince is null)
            block.RunningSince = DateTimeOffset.UtcNow;
        if (status.IsFinal)
        {
            block.End();
            if (!connected)
                OnFailedStart(block, $"it ended ({status.State}{(status.ExitCode is { } code ? ", exit code " + code.ToString(CultureInfo.InvariantCulture) : "")}) before its manager connected" +
                    (string.IsNullOrWhiteSpace(status.Message) ? "" : ": " + status.Message.Trim()));
            else
                _logger.LogInformation("Executor {Label}: block {Block} (job {Job}) ended: {State}", _executor.Label, block.BlockId, block.JobId, status.State);
            return;
        }
        if (!connected && block.RunningSince is { } since && DateTimeOffset.UtcNow - since > _executor.BlockStartTimeout)
        {
            block.End();
            await _executor.Provider.CancelAsync([block.JobId], cancellationToken).ConfigureAwait(false);
            OnFailedStart(block, $"it ran for {_executor.BlockStartTimeout.TotalSeconds:0} s without its manager connecting to {_executor.Address}:{_interchange.Port} " +
                "(check that the nodes can reach that address, or set Address to one they can)");
        }
    }

    private void OnFailedStart(Block block, string reason)
    {
        var failures = Interlocked.Increment(ref _failedStarts);
        var logs = Path.Combine(_logDirectory, "blocks");
        _logger.LogWarning("Executor {Label}: block {Block} (job {Job}) failed to start: {Reason}. Its output is in {Logs}",
            _executor.Label, block.BlockId, block.JobId, reason, logs);
        if (failures < _executor.MaxBlockStartFailures || _interchange.Blocks.Values.Any(a => a.Workers > 0))
            return;
        _broken = new InvalidOperationException(
            $"Executor '{_executor.Label}' could not start any block: {failures} blocks in a row failed to start (MaxBlockStartFailures is {_executor.MaxBlockStartFailures}). " +
            $"The last one, block {block.BlockId} (job {block.JobId}), failed because {reason}. Block logs are in {logs}.");
        _logger.LogError("{Message}", _broken.Message);
        _interchange.FailWaiting(_broken);
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
        var request = new BlockRequest(_command(blockId), $"parsl.{_executor.Label}.block-{blockId}", Path.Combine(_logDirectory, "blocks"), _executor.BlockWalltime,
            _executor.Scaling.NodesPerBlock);
        try
        {
            var jobId = await _executor.Provider.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            _blocks[jobId] = new Block(blockId, jobId, DateTimeOffset.UtcNow);
            _refusedInARow = 0;
            HtexMetrics.Blocks.Add(1);
            _logger.LogInformation("Executor {Label}: submitted block {Block} as job {Job} to the {Provider} provider", _executor.Label, blockId, jobId, _executor.Provider.Name);
        }
        catch (BlockSubmissionException exception)
        {
            // Backing off: SubmitRetryDelay, doubled after each refusal in a row, at most two minutes.
            var delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(2).Ticks, _executor.SubmitRetryDelay.Ticks << Math.Min(_refusedInARow++, 16)));
            _submitAgainAt = DateTimeOffset.UtcNow + delay;
            OnFailedStart(new Block(blockId, "(none)", DateTimeOffset.UtcNow), $"the provider refused it (next submission in {delay.TotalSeconds:0.#} s): {exception.Message}");
        }
    }

    private async Task ReleaseAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken)
    {
        foreach (var jobId in jobIds)
        {
            var block = _blocks[jobId];
            _logger.LogInformation("Executor {Label}: releasing idle block {Block} (job {Job})", _executor.Label, block.BlockId, jobId);
            _interchange.ShutdownBlock(block.BlockId);
            block.End();
        }
        await _executor.Provider.CancelAsync(jobIds, cancellationToken).ConfigureAwait(false);
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
                await _executor.Provider.CancelAsync([.. live.Select(b => b.JobId)], CancellationToken.None).ConfigureAwait(false);
            foreach (var block in live)
                block.End();
        }
        finally
        {
            _gate.Release();
            _stop.Dispose();
        }
    }
}
