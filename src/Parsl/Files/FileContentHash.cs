using System.Collections.Concurrent;
using System.IO.Hashing;

namespace Parsl.Files;

/// <summary>
/// Hashes files by content, remembering (size, last-write time) → hash so an unchanged file is not read twice. A file
/// whose size or time changed is read again; if only its time changed (touched), its hash, and so the memo key,
/// stays the same.
/// </summary>
internal static class FileContentHash
{
    private static readonly ConcurrentDictionary<string, (long Size, DateTime Written, UInt128 Hash)> s_known = new(StringComparer.Ordinal);

    public static UInt128 Of(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var info = new FileInfo(fullPath);
        if (!info.Exists)
            throw new FileNotFoundException($"Input file '{path}' does not exist, so it cannot be hashed for the memo key.", fullPath);
        var size = info.Length;
        var written = info.LastWriteTimeUtc;
        if (s_known.TryGetValue(fullPath, out var known) && known.Size == size && known.Written == written)
            return known.Hash;
        var hasher = new XxHash128();
        using (var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16))
            hasher.Append(stream);
        var hash = hasher.GetCurrentHashAsUInt128();
        s_known[fullPath] = (size, written, hash);
        return hash;
    }

    /// <summary>The hash, or null when the file does not exist (for checking a cached result's outputs).</summary>
    public static UInt128? TryOf(string path) => File.Exists(path) ? Of(path) : null;
}
