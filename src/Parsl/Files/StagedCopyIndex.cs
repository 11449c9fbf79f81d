using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Parsl.Files;

/// <summary>
/// Which version of which URL the copies in a staging folder hold, so a later run asks the source "changed since?"
/// instead of fetching again. One file (<c>index.tsv</c>: URL, version, the copy's size and time) read once per run and
/// rewritten once at its end, merged with what other runs wrote meanwhile: a file per copy would double the cost of
/// staging small files. An entry counts only while its copy has the size and time recorded, so a copy replaced or cut
/// after the index was written is fetched again.
/// </summary>
internal sealed class StagedCopyIndex(string folder)
{
    private const string FileName = "index.tsv";
    private readonly Lazy<Dictionary<string, Entry>> _loaded = new(() => Read(Path.Combine(folder, FileName)));
    private readonly ConcurrentDictionary<string, Entry> _recorded = new(StringComparer.Ordinal);

    /// <summary>The version the copy at <paramref name="localPath"/> holds of <paramref name="url"/>, or null when unknown.</summary>
    public string? VersionOf(string url, string localPath)
    {
        if (!_loaded.Value.TryGetValue(url, out var entry))
            return null;
        var copy = new FileInfo(localPath);
        return copy.Exists && copy.Length == entry.Size && copy.LastWriteTimeUtc.Ticks == entry.Ticks ? entry.Version : null;
    }

    /// <summary>Notes that the copy at <paramref name="localPath"/> now holds <paramref name="version"/> of <paramref name="url"/>.</summary>
    public void Record(string url, string localPath, string? version)
    {
        if (version is null || !IsStorable(url) || !IsStorable(version))
        {
            _recorded[url] = default; // nothing known: forget an older entry
            return;
        }
        var copy = new FileInfo(localPath);
        _recorded[url] = new Entry(version, copy.Length, copy.LastWriteTimeUtc.Ticks);
    }

    /// <summary>Writes the index once the run is over: what it read, what other runs wrote since, and this run's copies.</summary>
    public void Save()
    {
        if (_recorded.IsEmpty)
            return;
        var path = Path.Combine(folder, FileName);
        var merged = Read(path);
        foreach (var (url, entry) in _recorded)
        {
            if (entry.Version is null)
                merged.Remove(url);
            else
                merged[url] = entry;
        }
        var text = new StringBuilder();
        foreach (var (url, entry) in merged)
            text.Append(url).Append('\t').Append(entry.Version).Append('\t')
                .Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(entry.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        // Another run may save at the same moment: each writes its own temporary file, and the last rename wins whole.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, text.ToString());
        File.Move(temporary, path, overwrite: true);
    }

    private static Dictionary<string, Entry> Read(string path)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return entries;
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split('\t');
            if (fields.Length == 4
                && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                entries[fields[0]] = new Entry(fields[1], size, ticks);
        }
        return entries;
    }

    private static bool IsStorable(string text) => text.AsSpan().IndexOfAny('\t', '\n', '\r') < 0;

    private readonly record struct Entry(string? Version, long Size, long Ticks);
}
