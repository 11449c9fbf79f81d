namespace Parsl;

/// <summary>One cached result in a checkpoint: its key, app, serialized value, and the output files it vouches for.</summary>
internal sealed record CheckpointRecord(CacheKey Key, string AppId, byte[] Json, OutputFile[] Outputs)
{
    /// <summary>True when every output file still exists with the content it had when the result was recorded.</summary>
    public bool OutputsUnchanged() => Outputs.All(output => FileContentHash.TryOf(output.Path) == output.Hash);
}

/// <summary>A file a result depends on (a bash app's stdout or stderr) and its content hash when recorded.</summary>
internal readonly record struct OutputFile(string Path, UInt128 Hash);
