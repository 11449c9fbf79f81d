namespace Parsl.Files;

/// <summary>A file a result depends on (a bash app's stdout or stderr) and its content hash when recorded.</summary>
internal readonly record struct OutputFile(string Path, UInt128 Hash)
{
    /// <summary>True when every file still exists with the content it had when recorded.</summary>
    public static bool AllUnchanged(OutputFile[] outputs) => outputs.All(output => FileContentHash.TryOf(output.Path) == output.Hash);
}
