using System.Diagnostics;

namespace Parsl.Containers;

/// <summary>
/// Stops and removes a container whose try was cut short (walltime, cancellation, Ctrl-C), or whose start failed part
/// way. Killing the runtime's client is not enough: podman and docker keep the container running without it.
/// </summary>
internal static class ContainerCleanup
{
    /// <summary>How long a stopped container's command gets to exit on SIGTERM before the runtime kills it.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan s_removeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts stopping the container and returns at once: the try's own kill goes on meanwhile.</summary>
    public static void BeginStop(string runtime, ContainerCommand container)
    {
        if (container.Stop(StopGrace) is { } stop)
            _ = Task.Run(() => RunQuietly(runtime, stop, StopGrace + s_removeTimeout));
    }

    /// <summary>Removes the container whatever its state; null when it is gone (or never existed), else the runtime's message.</summary>
    public static string? Remove(string runtime, ContainerCommand container) =>
        container.Remove() is { } remove ? RunQuietly(runtime, remove, s_removeTimeout) : null;

    /// <summary>Stops (SIGTERM, SIGKILL after <see cref="StopGrace"/>) and removes every container carrying all of
    /// <paramref name="labels"/>; null when none is left, else the runtime's message.</summary>
    public static string? StopAndRemoveLabelled(string runtime, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        List<string> list = ["ps", "--all", "--quiet"];
        foreach (var (key, value) in labels)
            list.AddRange(["--filter", $"label={key}={value}"]);
        var listed = new System.Text.StringBuilder();
        if (RunQuietly(runtime, list, s_removeTimeout, listed) is { } failed)
            return failed;
        var ids = listed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
            return null;
        // A stop that fails (the container ended meanwhile) is no failure: the removal says whether anything is left.
        _ = RunQuietly(runtime, ["stop", "--time", ContainerCommand.Seconds(StopGrace), .. ids], StopGrace + s_removeTimeout);
        return RunQuietly(runtime, ["rm", "--force", .. ids], s_removeTimeout);
    }

    /// <summary>Runs the runtime with <paramref name="arguments"/>; null when it succeeded, else what it said.</summary>
    private static string? RunQuietly(string runtime, IReadOnlyList<string> arguments, TimeSpan timeout, System.Text.StringBuilder? output = null)
    {
        var start = new ProcessStartInfo(runtime) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var said = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return $"'{runtime} {string.Join(' ', arguments)}' did not finish in {timeout.TotalSeconds:0} s";
            }
            if (process.ExitCode != 0)
                return $"'{runtime} {string.Join(' ', arguments)}' exited with code {process.ExitCode}: {error.Result.Trim()}";
            output?.Append(said.Result);
            return null;
        }
        catch (Exception problem) when (problem is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"'{runtime}' could not be started: {problem.Message}";
        }
    }
}
