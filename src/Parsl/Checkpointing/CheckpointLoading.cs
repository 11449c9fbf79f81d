using Microsoft.Extensions.Logging;
using Parsl.Caching;

namespace Parsl.Checkpointing;

/// <summary>A run's checkpoints at its start and its end: the files the config names loaded into the memo table, and the run's own checkpoint closed.</summary>
internal static class CheckpointLoading
{
    /// <summary>
    /// Loads every checkpoint in <paramref name="files"/> (files, or run directories) into <paramref name="memo"/>;
    /// missing or damaged files are logged, and their tasks run. <paramref name="runsParent"/> holds the run directories
    /// (<c>runinfo</c>), of which <paramref name="runDirectory"/> is this run's.
    /// </summary>
    public static void Load(IReadOnlyList<string> files, CheckpointMode mode, string runsParent, string runDirectory, MemoTable? memo, ILogger logger)
    {
        // Parsl users expect a checkpointed workflow to resume; here loading is asked for separately, so say so once.
        if (files.Count == 0 && mode != CheckpointMode.None
            && Checkpoints.Latest(runsParent) is [var newest] && !newest.StartsWith(runDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            logger.LogInformation("Earlier runs have checkpoints (the newest is {Newest}), but CheckpointFiles is empty, so none is loaded and every task runs. " +
                "To resume, set CheckpointFiles = Checkpoints.Latest() (in YAML, checkpoint_files: latest)", newest);
        foreach (var entry in files)
        {
            var file = Directory.Exists(entry) ? Path.Combine(entry, "checkpoint", CheckpointFormat.FileName) : entry;
            if (!File.Exists(file))
            {
                logger.LogWarning("Checkpoint {File} does not exist; its tasks will run", file);
                continue;
            }
            var problems = new List<string>();
            var records = CheckpointFormat.Read(file, problems);
            foreach (var problem in problems)
                logger.LogWarning("Checkpoint damaged: {Problem}; the affected tasks will run again", problem);
            if (memo is null)
            {
                logger.LogWarning("Checkpoint {File} not loaded: memoization is off (Memoize = false)", file);
                continue;
            }
            foreach (var record in records)
                memo.Entries[record.Key] = record;
            logger.LogInformation("Loaded {Count} cached results from checkpoint {File}", records.Count, file);
        }
    }

    /// <summary>Closes the run's checkpoint (writing what is pending) and logs how many results it holds; a failure is logged, not thrown.</summary>
    public static void Close(CheckpointWriter? writer, ILogger logger)
    {
        if (writer is null)
            return;
        try
        {
            writer.Dispose();
            logger.LogInformation("Checkpoint {Path} holds {Count} results", writer.FilePath, writer.RecordsWritten);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Closing checkpoint {Path} failed", writer.FilePath);
        }
    }
}
