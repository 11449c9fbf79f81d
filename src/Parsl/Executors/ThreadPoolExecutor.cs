using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Parsl.Executors;

/// <summary>
/// Runs apps in this process on a fixed set of dedicated threads, so at most <see cref="MaxThreads"/> tries run
/// at once. Dedicated threads (not the .NET pool) keep blocking app code from starving the rest of the process,
/// and a worker that finishes a try takes the next one without a wake-up, which keeps dependency chains fast.
/// </summary>
/// <remarks>Each start (one per kernel load) gets its own queue and threads, so the same instance serves one run after another.</remarks>
public sealed class ThreadPoolExecutor : IExecutor
{
    private readonly Lock _lifecycle = new();
    private Workers? _current;

    /// <summary>Creates an executor with the given label and thread count.</summary>
    /// <param name="label">The label apps pin to.</param>
    /// <param name="maxThreads">How many tries may run at once; defaults to the number of processors.</param>
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

    /// <summary>How many tries may run at once.</summary>
    public int MaxThreads { get; }

    /// <summary>The image bash apps' commands run in when neither the app nor the call names one; null (the default) for
    /// none. Code apps still run on this process's threads, outside any image.</summary>
    public ContainerImage? Container { get; init; }

    /// <inheritdoc />
    public ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_current is not null)
                throw new InvalidOperationException(
                    $"ThreadPoolExecutor '{Label}' is already running for another kernel; dispose that kernel first, or give each config its own executor.");
            _current = new Workers(Label, MaxThreads, context.LoggerFactory.CreateLogger<ThreadPoolExecutor>(), context.CancellationToken);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>False: a try gets a thread, and nothing is reserved for it.</remarks>
    public bool HonoursResources => false;

    /// <inheritdoc />
    public void Submit(TaskTry taskTry)
    {
        var workers = Volatile.Read(ref _current)
            ?? throw new InvalidOperationException($"ThreadPoolExecutor '{Label}' is not started; load a kernel with a config that lists it.");
        workers.Enqueue(taskTry);
    }

    /// <summary>Stops the workers once the queue is empty; waits for them briefly, then abandons the stragglers.</summary>
    public ValueTask DisposeAsync()
    {
        Workers? stopping;
        lock (_lifecycle)
        {
            stopping = _current;
            _current = null;
        }
        stopping?.Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>The queue and threads of one start.</summary>
    private sealed class Workers
    {
        private readonly ConcurrentQueue<TaskTry> _queue = new();
        private readonly SemaphoreSlim _wakeUp = new(0);
        private readonly Thread[] _threads;
        private readonly string _label;
        private readonly ILogger _logger;
        private readonly CancellationToken _run;
        private int _idle;
        private volatile bool _stopping;

        public Workers(string label, int count, ILogger logger, CancellationToken run)
        {
            _label = label;
            _logger = logger;
            _run = run;
            _threads = new Thread[count];
            for (var i = 0; i < count; i++)
            {
                // Background threads: an app that ignores cancellation cannot keep the process alive after shutdown.
                _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"parsl-{label}-{i}" };
                _threads[i].Start();
            }
            _logger.LogDebug("Executor {Label} started {Threads} threads", label, count);
        }

        public void Enqueue(TaskTry taskTry)
        {
            _queue.Enqueue(taskTry);
            if (Volatile.Read(ref _idle) > 0)
                _wakeUp.Release();
        }

        private void Loop()
        {
            var name = Thread.CurrentThread.Name ?? ""; // where the tries run, for observers
            while (true)
            {
                while (_queue.TryDequeue(out var taskTry))
                    taskTry.RunInProcess(name);

                Interlocked.Increment(ref _idle);
                // Re-check after announcing idleness: a try enqueued just before was not signalled to us.
                if (!_queue.IsEmpty)
                {
                    Interlocked.Decrement(ref _idle);
                    continue;
                }
                if (_stopping)
                    return;
                _wakeUp.Wait();
                Interlocked.Decrement(ref _idle);
            }
        }

        public void Stop()
        {
            _stopping = true;
            _wakeUp.Release(_threads.Length);
            // After a cancellation the kernel has already waited its grace period: a thread still busy runs an app that
            // ignores cancellation, and waiting longer for it would only hang the caller.
            var deadline = DateTime.UtcNow + (_run.IsCancellationRequested ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(5));
            foreach (var thread in _threads)
            {
                var left = deadline - DateTime.UtcNow;
                if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                    _logger.LogWarning("Executor {Label}: worker {Worker} is still running an app that ignores cancellation; abandoning it", _label, thread.Name);
            }
        }
    }
}
