using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Parsl.Executors;

/// <summary>
/// Runs apps in this process on a fixed set of dedicated threads, so at most <see cref="MaxThreads"/> tasks run
/// at once. Dedicated threads (not the .NET pool) keep blocking app code from starving the rest of the process,
/// and a worker that finishes a task takes the next one without a wake-up, which keeps dependency chains fast.
/// </summary>
public sealed class ThreadPoolExecutor : IExecutor
{
    private readonly ConcurrentQueue<IExecutorTask> _queue = new();
    private readonly SemaphoreSlim _wakeUp = new(0);
    private Thread[] _workers = [];
    private int _idleWorkers;
    private volatile bool _stopping;
    private ILogger? _logger;

    /// <summary>Creates an executor with the given label and thread count.</summary>
    /// <param name="label">The label apps pin to.</param>
    /// <param name="maxThreads">How many tasks may run at once; defaults to the number of processors.</param>
    public ThreadPoolExecutor(string label = "local", int? maxThreads = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        var threads = maxThreads ?? Environment.ProcessorCount;
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(maxThreads), threads, $"ThreadPoolExecutor '{label}' needs at least one thread.");
        Label = label;
        MaxThreads = threads;
    }

    /// <inheritdoc />
    public string Label { get; }

    /// <summary>How many tasks may run at once.</summary>
    public int MaxThreads { get; }

    /// <inheritdoc />
    public ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken)
    {
        _logger = context.LoggerFactory.CreateLogger<ThreadPoolExecutor>();
        _workers = new Thread[MaxThreads];
        for (var i = 0; i < _workers.Length; i++)
        {
            // Background threads: an app that ignores cancellation cannot keep the process alive after shutdown.
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"parsl-{Label}-{i}" };
            _workers[i].Start();
        }
        _logger.LogDebug("Executor {Label} started {Threads} threads", Label, MaxThreads);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Submit(IExecutorTask task)
    {
        _queue.Enqueue(task);
        if (Volatile.Read(ref _idleWorkers) > 0)
            _wakeUp.Release();
    }

    private void WorkerLoop()
    {
        while (true)
        {
            while (_queue.TryDequeue(out var task))
                task.Run();

            Interlocked.Increment(ref _idleWorkers);
            // Re-check after announcing idleness: a task enqueued just before was not signalled to us.
            if (!_queue.IsEmpty)
            {
                Interlocked.Decrement(ref _idleWorkers);
                continue;
            }
            if (_stopping)
                return;
            _wakeUp.Wait();
            Interlocked.Decrement(ref _idleWorkers);
        }
    }

    /// <summary>Stops the workers once the queue is empty; waits for them briefly, then abandons the stragglers.</summary>
    public ValueTask DisposeAsync()
    {
        if (_stopping)
            return ValueTask.CompletedTask;
        _stopping = true;
        _wakeUp.Release(_workers.Length);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        foreach (var worker in _workers)
        {
            var left = deadline - DateTime.UtcNow;
            if (!worker.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                _logger?.LogWarning("Executor {Label}: worker {Worker} is still running an app that ignores cancellation; abandoning it", Label, worker.Name);
        }
        return ValueTask.CompletedTask;
    }
}
