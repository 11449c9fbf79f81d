using System.Globalization;

namespace Parsl.Runs;

/// <summary>Where a task's own log files go in its run directory, as Parsl names them.</summary>
internal static class TaskLogPaths
{
    /// <summary><c>task_logs/0000/task_0012_Dock.stdout</c> under <paramref name="runDirectory"/>: a folder per 10,000 tasks.</summary>
    public static string Of(string runDirectory, long taskId, string appName, string stream) =>
        Path.Combine(runDirectory, "task_logs", (taskId / 10_000).ToString("0000", CultureInfo.InvariantCulture),
            $"task_{taskId.ToString("0000", CultureInfo.InvariantCulture)}_{appName}.{stream}");
}
