using System.Collections.Concurrent;
using System.Diagnostics;
using Parsl.Events;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Parsl.Monitoring;

/// <summary>
/// A run's progress on the console, as it goes: per app, its tasks pending, running, done and failed; throughput and
/// the time left; blocks and workers; failures as they happen. On a terminal a live table (Spectre.Console) redrawn a
/// few times a second; otherwise (a batch job's log, a pipe) a plain summary line every <see cref="Interval"/> and a
/// line per failure. Written to stderr, so a program's own output on stdout stays clean. A subscriber of the run's
/// events: the run's threads only count; a thread of the view's own draws.
/// </summary>
/// <example><code>
/// var config = new ParslConfig { Observers = [new ConsoleProgress()] };
/// </code>
/// In YAML: <c>progress: true</c>.</example>
public sealed class ConsoleProgress : IRunObserver, IDisposable
{
    private readonly IAnsiConsole _console;
    private readonly bool _live;
    private readonly ConcurrentDictionary<string, AppProgress> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, byte> _running = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly List<string> _recentFailures = [];
    private readonly Queue<(long Ticks, int Completed)> _rate = new();
    private readonly ManualResetEventSlim _finished = new(false);
    private readonly Stopwatch _clock = new();
    private readonly ConcurrentDictionary<(string? Executor, string? Block), byte> _blocks = new();
    private int _workers, _completed, _submitted;
    private string? _summary;
    private Thread? _thread;

    /// <summary>Draws on stderr: live when stderr is a terminal, plain lines otherwise.</summary>
    public ConsoleProgress()
        : this(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }), live: !Console.IsErrorRedirected)
    {
    }

    /// <summary>Draws on <paramref name="console"/>: a live table when <paramref name="live"/>, else plain summary lines.</summary>
    public ConsoleProgress(IAnsiConsole console, bool live)
    {
        ArgumentNullException.ThrowIfNull(console);
        _console = console;
        _live = live;
    }

    /// <summary>How often a plain summary line is written (not on a terminal). Default 10 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the live table is redrawn. Default 250 ms.</summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromMilliseconds(250);

    void IRunObserver.OnEvent(in RunEvent e)
    {
        switch (e.Kind)
        {
            case RunEventKind.RunStarted:
                // A config (and its observers) may serve several runs, one after the other: each starts from nothing.
                _thread?.Join(TimeSpan.FromSeconds(5));
                _apps.Clear();
                _running.Clear();
                _blocks.Clear();
                _failures.Clear();
                _recentFailures.Clear();
                _rate.Clear();
                (_workers, _completed, _submitted, _summary) = (0, 0, 0, null);
                _finished.Reset();
                _clock.Restart();
                _thread = new Thread(Draw) { IsBackground = true, Name = "Parsl console progress" };
                _thread.Start();
                break;
            case RunEventKind.TaskSubmitted:
                Interlocked.Increment(ref _submitted);
                AppOf(e).Submitted();
                break;
            case RunEventKind.MemoHit:
                AppOf(e).FromCache();
                break;
            case RunEventKind.TryLaunched:
                if (_running.TryAdd(e.TaskId, 0))
                    AppOf(e).Started();
                break;
            case RunEventKind.RetryScheduled:
                if (_running.TryRemove(e.TaskId, out _))
                    AppOf(e).Retrying();
                break;
            case RunEventKind.TaskCompleted:
                Interlocked.Increment(ref _completed);
                AppOf(e).Completed(_running.TryRemove(e.TaskId, out _), e.State == TaskState.Done);
                if (e.State == TaskState.Failed)
                    _failures.Enqueue($"task {e.TaskId} ({e.App?.Name}) failed: {e.Exception?.GetType().Name}: {e.Exception?.Message}");
                break;
            case RunEventKind.BlockStarted:
                _blocks.TryAdd((e.Executor, e.Block), 0);
                break;
            case RunEventKind.BlockReleased or RunEventKind.BlockFailed:
                _blocks.TryRemove((e.Executor, e.Block), out _);
                break;
            case RunEventKind.ManagerConnected:
                Interlocked.Add(ref _workers, e.Workers);
                break;
            case RunEventKind.ManagerLost:
                Interlocked.Add(ref _workers, -e.Workers);
                break;
            case RunEventKind.RunFinished:
                _summary = e.Message;
                _finished.Set();
                _thread?.Join(TimeSpan.FromSeconds(5)); // the last picture is drawn before the run's end returns
                break;
        }
    }

    private AppProgress AppOf(in RunEvent e) => _apps.GetOrAdd(e.App?.Name ?? "?", static name => new AppProgress(name));

    private void Draw()
    {
        try
        {
            if (_live)
                _console.Live(Picture()).AutoClear(false).Start(context =>
                {
                    while (!_finished.Wait(Refresh))
                        context.UpdateTarget(Picture());
                    context.UpdateTarget(Picture());
                });
            else
            {
                while (!_finished.Wait(Interval))
                    WriteLines();
                WriteLines();
            }
            if (_summary is not null)
                Line(_summary);
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException)
        {
            // The console went away (a closed pipe): the run goes on without its picture.
        }
    }

    /// <summary>Failures since the last line, then the summary line.</summary>
    private void WriteLines()
    {
        while (_failures.TryDequeue(out var failure))
            Line(failure);
        Line(Headline());
    }

    /// <summary>A plain line, never wrapped (a log is read by grep as much as by people).</summary>
    private void Line(string text)
    {
        var writer = _console.Profile.Out.Writer;
        writer.WriteLine("parsl: " + text);
        writer.Flush();
    }

    /// <summary>"120/500 done, 3 failed, 40 running, 337 pending · 12.3 tasks/s · about 0:31 left · 2 blocks, 16 workers".</summary>
    private string Headline()
    {
        int done = 0, failed = 0, running = 0, pending = 0;
        foreach (var app in _apps.Values)
            (done, failed, running, pending) = (done + app.Done, failed + app.Failed, running + app.Running, pending + app.Pending);
        var rate = Throughput();
        var left = done + failed < Volatile.Read(ref _submitted) && rate > 0
            ? $" · about {TimeSpan.FromSeconds(Math.Ceiling((pending + running) / rate)):g} left"
            : "";
        var workers = Volatile.Read(ref _workers) is var w and > 0 ? $" · {_blocks.Count} blocks, {w} workers" : "";
        return $"{done}/{Volatile.Read(ref _submitted)} done, {failed} failed, {running} running, {pending} pending · {rate:0.#} tasks/s{left}{workers}";
    }

    /// <summary>Tasks completed per second over the last ten seconds (or since the start).</summary>
    private double Throughput()
    {
        var now = _clock.ElapsedTicks;
        var completed = Volatile.Read(ref _completed);
        _rate.Enqueue((now, completed));
        while (_rate.Count > 1 && now - _rate.Peek().Ticks > Stopwatch.Frequency * 10)
            _rate.Dequeue();
        var (since, then) = _rate.Peek();
        var seconds = (double)(now - since) / Stopwatch.Frequency;
        return seconds > 0.5 ? (completed - then) / seconds : 0;
    }

    /// <summary>The live table: one row per app, the headline under it, and the latest failures.</summary>
    private IRenderable Picture()
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Parsl[/]");
        table.AddColumn("app").AddColumn(new TableColumn("pending").RightAligned()).AddColumn(new TableColumn("running").RightAligned())
            .AddColumn(new TableColumn("done").RightAligned()).AddColumn(new TableColumn("failed").RightAligned());
        foreach (var app in _apps.Values.OrderBy(a => a.App, StringComparer.Ordinal))
            table.AddRow(
                new Text(app.App), new Text(app.Pending.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Markup($"[blue]{app.Running}[/]"),
                new Markup($"[green]{app.Done}[/]{(app.Cached > 0 ? $" [grey]({app.Cached} cached)[/]" : "")}"),
                new Markup(app.Failed > 0 ? $"[red]{app.Failed}[/]" : "0"));
        table.Caption(Markup.Escape(Headline()));
        while (_failures.TryDequeue(out var failure))
        {
            _recentFailures.Add(failure);
            if (_recentFailures.Count > 5)
                _recentFailures.RemoveAt(0);
        }
        return _recentFailures.Count == 0
            ? table
            : new Rows(table, new Rows(_recentFailures.Select(f => new Markup("[red]✗[/] " + Markup.Escape(f)))));
    }

    /// <summary>Stops drawing.</summary>
    public void Dispose()
    {
        _finished.Set();
        _thread?.Join(TimeSpan.FromSeconds(5));
        _finished.Dispose();
    }
}
