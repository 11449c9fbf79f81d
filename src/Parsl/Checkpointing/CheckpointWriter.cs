using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Parsl.Checkpointing;

/// <summary>
/// Appends cached results to the run's checkpoint file. In <see cref="CheckpointMode.TaskExit"/> mode a dedicated
/// thread writes whatever has queued up in one write and one flush (group commit), then completes those tasks'
/// futures: a result is never visible before it is on disk, yet a busy run pays one system call per batch, not per task.
/// Completing them launches their dependents on the writer's thread; a cached dependent's memo key, which may hash a
/// large input file, is written elsewhere (<see cref="IsWriterThread"/>) so that it never holds up the next write.
/// Other modes buffer records until their moment comes.
/// </summary>
internal sealed class CheckpointWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly CheckpointMode _mode;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<(byte[] Record, ICheckpointListener? Listener)> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Lock _writeGate = new();
    private readonly Thread? _groupCommitter;
    private readonly Timer? _periodic;
    [ThreadStatic] private static bool t_isWriterThread;
    private volatile bool _stopping;
    private int _committerIdle;
    private long _written;

    public CheckpointWriter(string runDirectory, CheckpointMode mode, ILogger logger)
    {
        var directory = Path.Combine(runDirectory, "checkpoint");
        Directory.CreateDirectory(directory);
        FilePath = Path.Combine(directory, CheckpointFormat.FileName);
        _file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        CheckpointFormat.WriteHeader(_file);
        _file.Flush(flushToDisk: true);
        _mode = mode;
        _logger = logger;
        if (mode == CheckpointMode.TaskExit)
        {
            _groupCommitter = new Thread(GroupCommitLoop) { IsBackground = true, Name = "parsl-checkpoint" };
            _groupCommitter.Start();
        }
        else if (mode.Interval > TimeSpan.Zero)
        {
            _periodic = new Timer(_ => WritePending(), null, mode.Interval, mode.Interval);
        }
    }

    public string FilePath { get; }

    public long RecordsWritten => Interlocked.Read(ref _written);

    /// <summary>True on a group committer's thread, where nothing slow may run.</summary>
    public static bool IsWriterThread => t_isWriterThread;

    /// <summary>True when completions wait for the write (<see cref="CheckpointMode.TaskExit"/>).</summary>
    public bool DefersCompletion => _groupCommitter is not null;

    /// <summary>Queues a framed record; <paramref name="listener"/> is told once it is on disk (TaskExit) or at once (other modes).</summary>
    public void Append(byte[] record, ICheckpointListener? listener)
    {
        if (_groupCommitter is null)
        {
            _queue.Enqueue((record, null));
            listener?.OnCheckpointed();
            return;
        }
        _queue.Enqueue((record, listener));
        // Wake the committer only when it sleeps; while it is busy it will find this record on its next pass.
        if (Volatile.Read(ref _committerIdle) == 1 && Interlocked.Exchange(ref _committerIdle, 0) == 1)
            _signal.Release();
    }

    /// <summary>The write that failed (a full disk, a lost file system), after which nothing more is written; null while all is well.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Writes and flushes everything queued; returns how many records that was. A failed write is logged once and ends
    /// the checkpoint (a record may be cut short in the file, and nothing is written after it); the results stay good,
    /// so their tasks complete all the same: a full disk must not hang the workflow.
    /// </summary>
    public int WritePending()
    {
        var batch = new List<(byte[] Record, ICheckpointListener? Listener)>();
        var written = 0;
        lock (_writeGate)
        {
            while (_queue.TryDequeue(out var item))
                batch.Add(item);
            if (batch.Count > 0 && Failure is null)
            {
                try
                {
                    foreach (var (record, _) in batch)
                        _file.Write(record);
                    _file.Flush(flushToDisk: false);
                    written = batch.Count;
                }
                catch (Exception exception) when (Files.WriteFailure.Is(exception))
                {
                    Failure = exception;
                    _logger.LogError(exception, "Writing checkpoint {Path} failed ({Reason}); results from here on are not checkpointed, and the run goes on", FilePath, exception.Message);
                }
            }
        }
        Interlocked.Add(ref _written, written);
        foreach (var (_, listener) in batch)
            listener?.OnCheckpointed();
        return written;
    }

    private void GroupCommitLoop()
    {
        t_isWriterThread = true;
        while (true)
        {
            Interlocked.Exchange(ref _committerIdle, 1); // a full fence: the emptiness check below must not move above it
            if (_queue.IsEmpty && !_stopping)
                _signal.Wait();
            Volatile.Write(ref _committerIdle, 0);
            WritePending();
            if (_stopping && _queue.IsEmpty)
                return;
        }
    }

    /// <summary>Writes what the mode still owes (everything, at workflow exit) and syncs the file to disk.</summary>
    public void Dispose()
    {
        _stopping = true;
        _periodic?.Dispose();
        if (_groupCommitter is not null)
        {
            _signal.Release();
            _groupCommitter.Join(TimeSpan.FromSeconds(10));
        }
        if (_mode != CheckpointMode.Manual)
            WritePending();
        lock (_writeGate)
        {
            if (Failure is not null)
            {
                DisposeBroken();
                return;
            }
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
    }

    // The stream still holds what it could not write, and would try (and fail) again as it closes: drop it.
    private void DisposeBroken()
    {
        try
        {
            _file.Dispose();
        }
        catch (Exception exception) when (Files.WriteFailure.Is(exception))
        {
            // said once already, when the write failed
        }
    }
}
