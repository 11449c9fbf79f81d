using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>
/// A test against a real batch scheduler on this machine (started by <c>.ci/services/start-*.sh</c>, which
/// <c>.ci/run</c> calls). Skipped with the reason when the scheduler's command is not installed, unless
/// <c>PARSL_REQUIRE_SCHEDULERS=1</c> (set by <c>.ci/run</c>): there a missing scheduler fails the test instead.
/// </summary>
public sealed class SchedulerFactAttribute : FactAttribute
{
    public SchedulerFactAttribute(string command)
    {
        if (Environment.GetEnvironmentVariable("PARSL_REQUIRE_SCHEDULERS") == "1" || IsInstalled(command))
            return;
        Skip = $"'{command}' is not installed here: run .ci/services/start-{(command == "sbatch" ? "slurm" : "sge")}.sh (as root) to test against a real scheduler";
    }

    private static bool IsInstalled(string command)
    {
        try
        {
            using var which = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", $"command -v {command}"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            which.WaitForExit();
            return which.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
