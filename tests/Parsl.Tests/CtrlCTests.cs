using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Parsl.Tests;

/// <summary>Runs a real workflow (the SimulateAnalyze sample) as a child process and interrupts it.</summary>
public sealed partial class CtrlCTests
{
    private const int SigInt = 2;

    [Fact]
    public async Task Ctrl_C_cancels_running_bash_apps_and_exits_promptly_with_a_one_line_summary()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-ctrlc-").FullName;
        try
        {
            // Each simulation sleeps 30 s (--steps 300): only a cancellation ends the run quickly.
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(SampleAssembly("SimulateAnalyze"));
            start.ArgumentList.Add("--steps");
            start.ArgumentList.Add("300");
            using var workflow = Process.Start(start)!;
            var stderr = workflow.StandardError.ReadToEndAsync();
            var stdout = workflow.StandardOutput.ReadToEndAsync();
            await WaitForAsync(() => Directory.Exists(Path.Combine(workingDirectory, "output")), TimeSpan.FromSeconds(30));
            await Task.Delay(500);

            var clock = Stopwatch.StartNew();
            Assert.Equal(0, Kill(workflow.Id, SigInt));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await workflow.WaitForExitAsync(timeout.Token);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"exit took {clock.Elapsed}");
            Assert.Equal(130, workflow.ExitCode);
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var summary = Assert.Single(lines);
            Assert.StartsWith("parsl: Ctrl-C: cancelled the run after", summary);
            Assert.Contains("0 done", summary);
            Assert.Contains("parsl.log", summary);
            Assert.Equal("", await stdout);
            Assert.DoesNotContain(Directory.GetFiles(Path.Combine(workingDirectory, "output")), f => new FileInfo(f).Length > 0);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private static string SampleAssembly(string name)
    {
        // tests/Parsl.Tests/bin/<Configuration>/net10.0 -> samples/<name>/bin/<Configuration>/net10.0
        var binDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = binDirectory.Parent!.Name;
        var repository = binDirectory.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "samples", name, "bin", configuration, "net10.0", name + ".dll");
        Assert.True(File.Exists(path), $"sample not built at {path}");
        return path;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, "the workflow did not start in time");
            await Task.Delay(50);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
