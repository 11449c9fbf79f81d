using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Parsl.Processes;

namespace Parsl.Providers;

/// <summary>
/// Runs each block as a process group on this machine: the way to run worker processes on a laptop, and what the tests
/// of the pilot-job executor start. A block's stdout and stderr go to <c>{JobName}.stdout</c>/<c>.stderr</c> in its log
/// directory; cancelling sends SIGTERM to the whole group, then SIGKILL to what is left of it after a grace period; disposing cancels every block still running.
/// </summary>
public sealed class LocalProvider : IExecutionProvider
{
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private static readonly TimeSpan s_killGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_groupPoll = TimeSpan.FromMilliseconds(10);
    private readonly ConcurrentDictionary<string, LocalBlock> _blocks = new(StringComparer.Ordinal);
    private int _disposed;

    /// <inheritdoc />
    public string Name => "local";

    /// <inheritdoc />
    public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(request.LogDirectory);
        var stdout = Path.Combine(request.LogDirectory, request.JobName + ".stdout");
        var stderr = Path.Combine(request.LogDirectory, request.JobName + ".stderr");
        // The redirections come first, on a line of their own, so the command keeps its full bash syntax.
        var script = $"exec 1>{ShellCommand.Quote(stdout)} 2>{ShellCommand.Quote(stderr)}\n{request.Command}";
        int pid;
        try
        {
            pid = PosixSpawn.Start(BashLocation.Path, ["bash", BashLocation.NoStartupFiles, "-c", script]);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FileNotFoundException)
        {
            throw new BlockSubmissionException($"The local provider could not start block {request.JobName}: {exception.Message}", exception);
        }
        var block = new LocalBlock(pid, stderr, request.Walltime);
        var jobId = pid.ToString(CultureInfo.InvariantCulture);
        _blocks[jobId] = block;
        return ValueTask.FromResult(jobId);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        var statuses = new Dictionary<string, BlockStatus>(jobIds.Count, StringComparer.Ordinal);
        foreach (var jobId in jobIds)
            statuses[jobId] = _blocks.TryGetValue(jobId, out var block) ? block.Status : new BlockStatus(BlockState.Unknown, Message: $"no local block {jobId}");
        return ValueTask.FromResult<IReadOnlyDictionary<string, BlockStatus>>(statuses);
    }

    /// <inheritdoc />
    public async ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        var cancelling = jobIds.Select(id => _blocks.TryGetValue(id, out var block) ? block : null).OfType<LocalBlock>().ToList();
        await Task.WhenAll(cancelling.Select(block => block.CancelAsync())).ConfigureAwait(false);
    }

    /// <summary>Cancels every block still running and waits for their processes to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await CancelAsync([.. _blocks.Keys], CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>One block's process group, waited for on a thread of its own (blocks are few and long-lived).</summary>
    private sealed class LocalBlock
    {
        private readonly int _pid;
        private readonly string _stderr;
        private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _cancelled;

        public LocalBlock(int pid, string stderr, TimeSpan? walltime)
        {
            _pid = pid;
            _stderr = stderr;
            new Thread(() => _exit.TrySetResult(PosixSpawn.WaitForExit(pid))) { IsBackground = true, Name = $"parsl-block-{pid}" }.Start();
            if (walltime is { } limit)
                _ = Task.Delay(limit).ContinueWith(_ => CancelAsync(), TaskScheduler.Default);
        }

        public BlockStatus Status => !_exit.Task.IsCompleted ? new BlockStatus(BlockState.Running)
            : _cancelled ? new BlockStatus(BlockState.Cancelled, _exit.Task.Result)
            : _exit.Task.Result == 0 ? new BlockStatus(BlockState.Completed, 0)
            : new BlockStatus(BlockState.Failed, _exit.Task.Result, $"exit code {_exit.Task.Result}; stderr: {TailBuffer.ReadFileTail(_stderr, 5)}");

        public async Task CancelAsync()
        {
            if (_exit.Task.IsCompleted)
                return;
            _cancelled = true;
            PosixSpawn.SignalGroup(_pid, SigTerm);
            // The whole group, not its leader: the block's shell dies of SIGTERM at once, while the manager under it is
            // still stopping its workers. Killed then, they would end without their clean-up (a .NET process's debugger
            // pipes and diagnostics socket stay in /tmp), and so would a user's own commands in the block.
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < s_killGrace && ProcessGroup.HasLiveMembers(_pid))
                await Task.Delay(s_groupPoll).ConfigureAwait(false);
            if (ProcessGroup.HasLiveMembers(_pid))
                PosixSpawn.SignalGroup(_pid, SigKill);
            await _exit.Task.ConfigureAwait(false);
        }
    }
}
