using System.Globalization;

namespace Parsl;

/// <summary>Where a bash app's stdout and stderr go when a call asks for <see cref="AppCallOptions.AutoLogName"/>.</summary>
internal static class TaskLogPaths
{
    /// <summary>
    /// <paramref name="path"/> as given, or for <see cref="AppCallOptions.AutoLogName"/> a file of the task under the run
    /// directory, <c>task_logs/0000/task_0012_Dock.stdout</c>, as Parsl names them.
    /// </summary>
    public static string? Resolve(string? path, string runDirectory, long taskId, string appName, string stream) => path != AppCallOptions.AutoLogName ? path
        : Path.Combine(runDirectory, "task_logs", (taskId / 10_000).ToString("0000", CultureInfo.InvariantCulture),
            $"task_{taskId.ToString("0000", CultureInfo.InvariantCulture)}_{appName}.{stream}");
}
