using System.Collections.Concurrent;
using Parsl.Files;

namespace Parsl.Caching;

/// <summary>
/// The run's memo table: cache key → the task that owns that key (pending, running or done) or a result loaded from
/// a checkpoint. A call whose key is present shares the owner's outcome instead of running again; that is also how
/// identical calls in flight are merged.
/// </summary>
internal sealed class MemoTable
{
    private long _hits;
    private long _merged;

    public ConcurrentDictionary<CacheKey, object> Entries { get; } = new();

    /// <summary>Output files (with content hashes) that results computed in this run vouch for.</summary>
    public ConcurrentDictionary<CacheKey, OutputFile[]> Outputs { get; } = new();

    /// <summary>Tasks answered with a finished result (from this run or a checkpoint).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Tasks that joined an identical task still in flight.</summary>
    public long Merged => Interlocked.Read(ref _merged);

    public void CountHit() => Interlocked.Increment(ref _hits);

    public void CountMerged() => Interlocked.Increment(ref _merged);

    public bool OutputsUnchanged(CacheKey key) =>
        !Outputs.TryGetValue(key, out var outputs) || OutputFile.AllUnchanged(outputs);

    public static OutputFile[] OutputsOf(object? result) => result is BashResult bash
        ? [.. new[] { bash.StdoutPath, bash.StderrPath }.OfType<string>().Distinct().Select(path => new OutputFile(path, FileContentHash.Of(path)))]
        : [];

    /// <summary>The local files an app declared it writes and did write, with their content now; a missing one is left out
    /// (its readers fail, and a later identical call finds nothing to vouch for it).</summary>
    public static IEnumerable<OutputFile> Written(IEnumerable<DataFile> declared) =>
        declared.Where(file => file.IsLocal)
            .Select(file => (file.Path, Hash: FileContentHash.TryOf(file.Path)))
            .Where(output => output.Hash is not null)
            .Select(output => new OutputFile(output.Path, output.Hash!.Value));
}
