using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>What the real podman says about the containers of an app or a block (Parsl labels each).</summary>
internal static class PodmanContainers
{
    /// <summary>The names of the app's containers in any state (<c>podman ps -a</c>), running ones with <paramref name="runningOnly"/>.</summary>
    public static IReadOnlyList<string> Of(string appId, bool runningOnly = false) => OfLabel("parsl.app", appId, runningOnly);

    /// <summary>The names of the containers labelled <paramref name="label"/>=<paramref name="value"/> (a block's: <c>parsl.run</c>, <c>parsl.executor</c>).</summary>
    public static IReadOnlyList<string> OfLabel(string label, string value, bool runningOnly = false)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["ps", .. runningOnly ? Array.Empty<string>() : ["--all"], "--filter", $"label={label}={value}", "--format", "{{.Names}}"])
            start.ArgumentList.Add(argument);
        using var podman = Process.Start(start)!;
        var names = podman.StandardOutput.ReadToEnd();
        var error = podman.StandardError.ReadToEnd();
        podman.WaitForExit();
        Assert.True(podman.ExitCode == 0, $"podman ps failed: {error}");
        return names.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
