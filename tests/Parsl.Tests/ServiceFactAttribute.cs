using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>
/// A test against a real service on this machine (a scheduler or an SSH server) started by <c>.ci/services/start-*.sh</c>,
/// which <c>.ci/run</c> calls. Skipped with the reason where the service is not set up, unless
/// <c>PARSL_REQUIRE_SERVICES=1</c> (set by <c>.ci/run</c>): there a missing service fails the test instead.
/// </summary>
public sealed class ServiceFactAttribute : FactAttribute
{
    public ServiceFactAttribute(params string[] services)
    {
        if (Environment.GetEnvironmentVariable("PARSL_REQUIRE_SERVICES") == "1")
            return;
        var missing = services.Where(service => !IsSetUp(service)).ToList();
        if (missing.Count > 0)
            Skip = string.Join("; ", missing.Select(service => $"{service} is not set up here: run .ci/services/start-{service}.sh (as root)"));
    }

    /// <summary>Where start-sshd.sh put the server's client key, known_hosts and config.</summary>
    public static string SshDirectory => Environment.GetEnvironmentVariable("SSHD_DIR") ?? "/tmp/parsl-sshd";

    private static bool IsSetUp(string service) => service switch
    {
        "slurm" => IsInstalled("sbatch"),
        "sge" => IsInstalled("qsub"),
        "sshd" => File.Exists(Path.Combine(SshDirectory, "known_hosts")),
        _ => throw new ArgumentException($"no service '{service}'"),
    };

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
