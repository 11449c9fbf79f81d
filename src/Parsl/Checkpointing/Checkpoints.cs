using Parsl.Checkpointing;

namespace Parsl;

/// <summary>Finds checkpoints of earlier runs to load (<see cref="ParslConfig.CheckpointFiles"/>), like Parsl's helpers.</summary>
public static class Checkpoints
{
    /// <summary>The newest earlier run under <paramref name="runDirectory"/> that has a checkpoint, or nothing.</summary>
    public static IReadOnlyList<string> Latest(string runDirectory = "runinfo") => [.. All(runDirectory).TakeLast(1)];

    /// <summary>Every earlier run under <paramref name="runDirectory"/> that has a checkpoint, oldest first.</summary>
    public static IReadOnlyList<string> All(string runDirectory = "runinfo") =>
        !Directory.Exists(runDirectory)
            ? []
            : [.. Directory.EnumerateDirectories(runDirectory)
                .Where(run => int.TryParse(Path.GetFileName(run), out _))
                .OrderBy(run => int.Parse(Path.GetFileName(run), System.Globalization.CultureInfo.InvariantCulture))
                .Select(run => Path.Combine(run, "checkpoint", CheckpointFormat.FileName))
                .Where(file => File.Exists(file) && new FileInfo(file).Length > 8)];
}
