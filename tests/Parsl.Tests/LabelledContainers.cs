using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>What a real container runtime (podman or docker: the same <c>ps</c> flags) says about the containers of an
/// app or a block (Parsl labels each).</summary>
/// <param name="program">The runtime's program on PATH.</param>
internal sealed class LabelledContainers(string program)
{
    public static readonly LabelledContainers Podman = new("podman");
    public static readonly LabelledContainers Docker = new("docker");

    /// <summary>The names of the app's containers in any state (<c>ps -a</c>), running ones with <paramref name="runningOnly"/>.</summary>
    public IReadOnlyList<string> Of(string appId, bool runningOnly = false) => OfLabel("parsl.app", appId, runningOnly);

    /// <summary>The names of the containers labelled <paramref name="label"/>=<paramref name="value"/> (a block's: <c>parsl.run</c>, <c>parsl.executor</c>).</summary>
    public IReadOnlyList<string> OfLabel(string label, string value, bool runningOnly = false)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["ps", .. runningOnly ? Array.Empty<string>() : ["--all"], "--filter", $"label={label}={value}", "--format", "{{.Names}}"])
            start.ArgumentList.Add(argument);
        using var runtime = Process.Start(start)!;
        var error = runtime.StandardError.ReadToEndAsync();
        var names = runtime.StandardOutput.ReadToEnd();
        runtime.WaitForExit();
        Assert.True(runtime.ExitCode == 0, $"{program} ps failed: {error.Result}");
        return names.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
