using System.Collections.Concurrent;
using Parsl.Events;

namespace Parsl.Monitoring;

/// <summary>
/// Records every run into a SQLite database (Parsl's monitoring database): runs, tasks, tries, state changes, staged
/// files, blocks and managers (docs/monitoring.md has the schema and the questions it answers). A subscriber of the
/// run's events: the run's threads only copy each event into a queue; a thread of its own writes them in batches,
/// one transaction each, so monitoring stays off the hot path. The database is in WAL mode: a run killed with
/// <c>kill -9</c> leaves a file that opens and holds every batch written before.
/// </summary>
/// <example><code>
/// var config = new ParslConfig { Observers = [new MonitoringDatabase()] };   // runinfo/monitoring.db
/// </code>
/// In YAML: <c>monitoring: true</c>, or <c>monitoring: { database: path/to/monitoring.db }</c>.</example>
public sealed class MonitoringDatabase : IRunObserver, IDisposable
{
    private readonly string? _path;
    private readonly ConcurrentQueue<MonitoredEvent> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly AutoResetEvent _runWritten = new(false);
    private MonitoringWriter? _writer;
    private Thread? _thread;
    private Exception? _failure;
    private volatile bool _stopping;

    /// <summary>Records into <c>monitoring.db</c> beside the run directories (<c>runinfo/monitoring.db</c>), shared by the runs there.</summary>
    public MonitoringDatabase() : this(null) { }

    /// <summary>Records into <paramref name="path"/>; null for <c>monitoring.db</c> beside the run directories.</summary>
    public MonitoringDatabase(string? path) => _path = path;

    /// <summary>The file written, once a run has started.</summary>
    public string? Path { get; private set; }

    /// <summary>How long events wait before they are written, at most. Default 200 ms.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    void IRunObserver.OnEvent(in RunEvent e)
    {
        if (_failure is { } failure)
            throw new InvalidOperationException($"The monitoring database {Path} could not be written: {failure.Message}", failure);
        if (e.Kind == RunEventKind.RunStarted && _writer is null)
            Open(e.Message);
        _queue.Enqueue(MonitoredEvent.From(in e));
        if (e.Kind == RunEventKind.RunFinished && _thread is not null)
        {
            // The run is over once its record is: wait for the last batch (bounded, so a stuck disk cannot hang the end).
            // A run whose executors failed to start never opened the file: nothing to wait for.
            _signal.Release();
            _runWritten.WaitOne(TimeSpan.FromSeconds(30));
        }
    }

    private void Open(string? runDirectory)
    {
        Path = _path ?? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(runDirectory ?? "runinfo/000"))!, "monitoring.db");
        _writer = new MonitoringWriter(Path);
        _thread = new Thread(WriteLoop) { IsBackground = true, Name = "Parsl monitoring" };
        _thread.Start();
    }

    private void WriteLoop()
    {
        var batch = new List<MonitoredEvent>(1024);
        while (true)
        {
            _signal.Wait(FlushInterval);
            var runFinished = false;
            while (_queue.TryDequeue(out var e))
            {
                batch.Add(e);
                runFinished |= e.Kind == RunEventKind.RunFinished;
                if (batch.Count == 4096)
                    Flush(batch);
            }
            Flush(batch);
            if (runFinished)
                _runWritten.Set();
            if (_stopping && _queue.IsEmpty)
                return;
        }
    }

    private void Flush(List<MonitoredEvent> batch)
    {
        if (batch.Count == 0)
            return;
        try
        {
            if (_failure is null)
                _writer!.Write(batch);
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            _failure = exception; // told to the run at its next event, which logs it and stops sending
        }
        batch.Clear();
    }

    /// <summary>Writes what is queued and closes the database.</summary>
    public void Dispose()
    {
        _stopping = true;
        _signal.Release();
        _thread?.Join(TimeSpan.FromSeconds(30));
        _writer?.Dispose();
        _signal.Dispose();
        _runWritten.Dispose();
    }
}
