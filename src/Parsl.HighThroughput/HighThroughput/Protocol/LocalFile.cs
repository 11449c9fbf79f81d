namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>
/// A local file a try reads, carried whole to a worker that shares no file system with the workflow (staging on
/// workers): its path as the arguments name it, and its content. Files above <see cref="MaxBytes"/> are refused: they
/// belong on a server the workers can fetch from, or on a shared file system.
/// </summary>
internal sealed record LocalFile(string Path, byte[] Content)
{
    /// <summary>The largest file carried in a dispatch (16 MiB): a try is held until it ends, and resent after a lost worker.</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>Reads the files at <paramref name="paths"/>; throws when one is missing or too large, naming it.</summary>
    public static LocalFile[] ReadAll(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
            return [];
        var files = new LocalFile[paths.Count];
        for (var i = 0; i < paths.Count; i++)
        {
            var full = System.IO.Path.GetFullPath(paths[i]);
            var length = new FileInfo(full).Length; // throws FileNotFoundException (an IOException) for a missing file
            if (length > MaxBytes)
                throw new InvalidOperationException(
                    $"{full} has {length:N0} bytes, more than the {MaxBytes >> 20} MiB a task carries to a worker that shares no file system with the workflow. " +
                    "Put it where the workers can fetch it (an http, https or ftp URL), or on a file system they share and stage in the workflow (Staging = StagingModes.InWorkflow).");
            files[i] = new LocalFile(paths[i], File.ReadAllBytes(full));
        }
        return files;
    }

    public void WriteTo(WireWriter writer)
    {
        writer.Write(Path);
        writer.Write(Content);
    }

    public static LocalFile ReadFrom(ref WireReader reader) => new(
        reader.ReadString() ?? throw new WireFormatException("a carried file has no path"),
        reader.ReadByteArray() ?? []);
}
