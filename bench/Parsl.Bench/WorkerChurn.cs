using System.Diagnostics.Metrics;
using System.Globalization;

namespace Parsl.Bench;

/// <summary>
/// Kills a random worker process of a run every interval, as a flaky node or an impatient user would, and counts the
/// tries the executor re-ran because their worker died (its <c>parsl.htex.tries.lost</c> counter).
/// </summary>
internal sealed class WorkerChurn : IDisposable
{
    private readonly string _runDirectory;
    private readonly MeterListener _listener = new();
    private readonly Random _random = new(3);
    private long _rerun;

    public WorkerChurn(string runDirectory)
    {
        _runDirectory = runDirectory;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "parsl.htex.tries.lost")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _rerun, value));
        _listener.Start();
    }

    /// <summary>Workers killed so far.</summary>
    public int Kills { get; private set; }

    /// <summary>Tries run again because their worker died.</summary>
    public long Rerun => Interlocked.Read(ref _rerun);

    /// <summary>Kills one worker every <paramref name="interval"/> until <paramref name="until"/> completes.</summary>
    public async Task KillUntilAsync(Task until, TimeSpan interval)
    {
        while (!until.IsCompleted)
        {
            await Task.WhenAny(until, Task.Delay(interval)).ConfigureAwait(false);
            var workers = Workers();
            if (until.IsCompleted || workers.Count == 0)
                continue;
            try
            {
                System.Diagnostics.Process.GetProcessById(workers[_random.Next(workers.Count)]).Kill();
                Kills++;
            }
            catch (ArgumentException)
            {
                // it ended meanwhile
            }
        }
    }

    /// <summary>Worker processes: children of the run's managers (whose command lines name the run directory).</summary>
    private List<int> Workers()
    {
        var processes = new List<(int Pid, int Parent, string CommandLine)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                var parent = File.ReadAllLines(Path.Combine(directory, "status")).First(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim();
                processes.Add((pid, int.Parse(parent, CultureInfo.InvariantCulture), commandLine));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // ended meanwhile
            }
        }
        var managers = processes.Where(p => p.CommandLine.Contains(" manager ", StringComparison.Ordinal) && p.CommandLine.Contains(_runDirectory, StringComparison.Ordinal))
            .Select(p => p.Pid).ToHashSet();
        return [.. processes.Where(p => managers.Contains(p.Parent) && p.CommandLine.Contains(" worker ", StringComparison.Ordinal)).Select(p => p.Pid)];
    }

    public void Dispose() => _listener.Dispose();
}
