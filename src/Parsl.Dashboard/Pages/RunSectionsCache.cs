using System.Collections.Concurrent;
using Parsl.Dashboard.Data;

namespace Parsl.Dashboard.Pages;

/// <summary>
/// The rendered sections of the finished runs last shown: a finished run's rows no longer change, so paging or filtering
/// its task table, or coming back to it, does not read its 100,000 tasks again. A live run's are rendered at every ask.
/// </summary>
internal sealed class RunSectionsCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RunSections>>> _finished = new(StringComparer.Ordinal);

    /// <summary>The run's sections, and whether they came from the cache.</summary>
    public async Task<(RunSections Sections, bool Cached)> GetAsync(RunDatabase database, RunRecord run)
    {
        if (run.IsLive || capacity == 0)
            return (await RunSections.LoadAsync(database, run).ConfigureAwait(false), false);
        if (_finished.TryGetValue(run.Id, out var known) && known.Value.IsCompletedSuccessfully)
            return (known.Value.Result, true);
        if (_finished.Count >= capacity && !_finished.ContainsKey(run.Id))
            _finished.Clear(); // rarely reached: a person looks at a few runs at a time
        // Lazy: two tabs opening the same run at once read it once.
        var loading = _finished.GetOrAdd(run.Id, _ => new Lazy<Task<RunSections>>(() => RunSections.LoadAsync(database, run)));
        try
        {
            return (await loading.Value.ConfigureAwait(false), false);
        }
        catch
        {
            _finished.TryRemove(run.Id, out _); // a failure is not kept: the next ask tries again
            throw;
        }
    }
}
