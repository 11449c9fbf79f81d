namespace Parsl;

/// <summary>
/// A file an app reads. As an argument of a cached app it is keyed by its <em>content</em>, not its name: editing the
/// file reruns the app, touching it does not. Passed to a bash template, it stands for its path.
/// </summary>
/// <param name="Path">The file's path, absolute or relative to the current directory.</param>
public sealed record DataFile(string Path)
{
    /// <summary>The absolute path.</summary>
    public string FullPath => System.IO.Path.GetFullPath(Path);

    /// <inheritdoc />
    public override string ToString() => Path;

    /// <summary>A path as a file.</summary>
    public static implicit operator DataFile(string path) => new(path);
}
