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

    /// <summary>Runs the runtime with <paramref name="arguments"/>; null when it succeeded, else what it said.</summary>
    private static string? RunQuietly(string runtime, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(runtime) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return $"'{runtime} {string.Join(' ', arguments)}' did not finish in {timeout.TotalSeconds:0} s";
            }
            return process.ExitCode == 0 ? null : $"'{runtime} {string.Join(' ', arguments)}' exited with code {process.ExitCode}: {error.Result.Trim()}";
        }
        catch (Exception problem) when (problem is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"'{runtime}' could not be started: {problem.Message}";
        }
    }
}
