using System.Text.Json.Serialization;

namespace Parsl;

/// <summary>
/// A file an app reads: a local path, or a URL (<c>file</c>, <c>http</c>, <c>https</c>, <c>ftp</c>, <c>sftp</c>,
/// <c>globus</c>) that is staged before the app runs. As an argument of a cached app a local file is keyed by its
/// <em>content</em>, not its name (editing the file reruns the app, touching it does not), a remote one by its URL.
/// Passed to a bash template, it stands for its path (a remote file's staged copy).
/// </summary>
/// <remarks>
/// Parsl's <c>File</c>: <see cref="Url"/>, <see cref="Scheme"/>, <see cref="Host"/> (Parsl's <c>netloc</c>),
/// <see cref="Path"/> and <see cref="Name"/> (Parsl's <c>filename</c>). A plain path stays as it was written; a
/// <c>file://</c> URL is a local file too. Two files are equal when their scheme, host and path are. Stored in a
/// checkpoint as its <see cref="Url"/> alone; sent to a worker with its staged copy's path too.
/// </remarks>
public sealed class DataFile : IEquatable<DataFile>
{
    /// <summary>The schemes a file may have, in the order error messages list them.</summary>
    public static IReadOnlyList<string> Schemes { get; } = ["file", "http", "https", "ftp", "sftp", "globus"];

    /// <summary>A file from a local path or a URL.</summary>
    /// <param name="url">A path (absolute, or relative to the current directory) or a URL in one of <see cref="Schemes"/>.</param>
    /// <exception cref="ArgumentException">The URL's scheme is not one Parsl stages, or it names no file.</exception>
    [JsonConstructor]
    public DataFile(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        Url = url;
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !IsSchemeName(url.AsSpan(0, separator)))
        {
            Scheme = "file";
            Path = url;
        }
        else
        {
            Scheme = url[..separator].ToLowerInvariant();
            if (!Schemes.Contains(Scheme))
                throw new ArgumentException(
                    $"'{url}' is not a file Parsl can stage: its scheme '{Scheme}' is none of {string.Join(", ", Schemes)}. Pass a local path, or a URL in one of those schemes.",
                    nameof(url));
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
                throw new ArgumentException($"'{url}' is not a well-formed {Scheme} URL.", nameof(url));
            Path = Uri.UnescapeDataString(uri.AbsolutePath);
            Host = Scheme == "file" ? null : uri.Authority.Length > 0 ? uri.Authority : null;
            if (Scheme != "file" && Host is null)
                throw new ArgumentException($"'{url}' names no host (or Globus endpoint): write {Scheme}://host/path.", nameof(url));
        }
        Name = System.IO.Path.GetFileName(Path);
        if (Name.Length == 0)
            throw new ArgumentException($"'{url}' names no file (its path '{Path}' ends in a folder).", nameof(url));
    }

    /// <summary>The file as it was given: a path, or a URL.</summary>
    public string Url { get; }

    /// <summary>The URL's scheme in lower case: <c>file</c> for a local path.</summary>
    [JsonIgnore]
    public string Scheme { get; }

    /// <summary>The host, with its port when the URL names one, or the Globus endpoint; null for a local file.</summary>
    [JsonIgnore]
    public string? Host { get; }

    /// <summary>The path: a local file's as written; a URL's path part, unescaped (<c>/data/x.dat</c>).</summary>
    [JsonIgnore]
    public string Path { get; }

    /// <summary>The file's name, the last part of its path.</summary>
    [JsonIgnore]
    public string Name { get; }

    /// <summary>Where the app reads the file on this machine: a local file's path, or a remote file's staged copy
    /// (null until the kernel has staged it, which it does before the app runs); on a worker that staged the file
    /// itself, its copy there.</summary>
    [JsonIgnore]
    public string? LocalPath => LocalCopy ?? (IsLocal ? Path : null);

    /// <summary>Where the kernel staged a remote file, or a worker its copy of a local one; set once, before any app that
    /// reads it runs.</summary>
    [JsonIgnore]
    internal string? LocalCopy { get; set; }

    /// <summary>The version of a remote file's staged copy (its ETag and size, say) as its provider reported it, or null
    /// when the source gives none; cached apps that read the file are keyed by it.</summary>
    [JsonIgnore]
    internal string? StagedVersion { get; set; }

    /// <summary>True for a local path or a <c>file://</c> URL: nothing to stage.</summary>
    [JsonIgnore]
    public bool IsLocal => Scheme == "file";

    /// <summary>The absolute path of a local file.</summary>
    /// <exception cref="InvalidOperationException">The file is remote, so it has no path on this machine until staged.</exception>
    [JsonIgnore]
    public string FullPath => LocalPath is { } local
        ? System.IO.Path.GetFullPath(local)
        : throw new InvalidOperationException($"'{Url}' is a {Scheme} file, not on this machine; it has a local path only once staged.");

    /// <inheritdoc />
    public bool Equals(DataFile? other) =>
        other is not null && Scheme == other.Scheme && Host == other.Host && Path == other.Path;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DataFile);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Scheme, Host, Path);

    /// <summary>Whether two files are the same file.</summary>
    public static bool operator ==(DataFile? left, DataFile? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two files are different files.</summary>
    public static bool operator !=(DataFile? left, DataFile? right) => !(left == right);

    /// <inheritdoc />
    public override string ToString() => LocalPath ?? Url;

    /// <summary>A path or URL as a file.</summary>
    public static implicit operator DataFile(string url) => new(url);

    // RFC 3986: a letter, then letters, digits, '+', '-' or '.'; one letter alone is a Windows drive ("C://x"), not a scheme.
    private static bool IsSchemeName(ReadOnlySpan<char> name)
    {
        if (name.Length < 2 || !char.IsAsciiLetter(name[0]))
            return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
                return false;
        return true;
    }
}
