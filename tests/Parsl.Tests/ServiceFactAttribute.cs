using System.Diagnostics;
using Xunit.Sdk;

namespace Parsl.Tests;

/// <summary>
/// A test against a real service on this machine (a scheduler, an SSH or an FTP server) started by <c>.ci/services/start-*.sh</c>,
/// which <c>.ci/run</c> calls. Skipped with the reason where the service is not running, unless
/// <c>PARSL_REQUIRE_SERVICES=1</c> (set by <c>.ci/run</c>): there a missing service fails the test instead.
/// The reason is part of the skipped test's name (<see cref="SkipReasonShownTestCase"/>), so `dotnet test` shows it.
/// </summary>
[XunitTestCaseDiscoverer("Parsl.Tests.ServiceFactDiscoverer", "Parsl.Tests")]
public sealed class ServiceFactAttribute : FactAttribute
{
    public ServiceFactAttribute(params string[] services)
    {
        if (Environment.GetEnvironmentVariable("PARSL_REQUIRE_SERVICES") == "1")
            return;
        var missing = services.Where(service => !Running.GetOrAdd(service, IsRunning)).ToList();
        if (missing.Count > 0)
            Skip = string.Join("; ", missing.Select(service => $"{service} is not running here: run .ci/services/{SetUpScript(service)} (as root)"));
    }

    /// <summary>The script of .ci/services that sets the service up: tools are installed, servers started.</summary>
    private static string SetUpScript(string service) => service is "mpich" or "podman" or "docker" ? $"install-{service}.sh" : $"start-{service}.sh";

    /// <summary>Asked once per test run, not once per test.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Running = new(StringComparer.Ordinal);

    /// <summary>Where start-sshd.sh put the server's client key, known_hosts and config.</summary>
    public static string SshDirectory => Environment.GetEnvironmentVariable("SSHD_DIR") ?? "/tmp/parsl-sshd";

    /// <summary>The anonymous root of the FTP server start-ftp.sh runs: pub/ to read, upload/ to write.</summary>
    public static string FtpDirectory => Path.Combine(Environment.GetEnvironmentVariable("FTP_DIR") ?? "/tmp/parsl-ftp", "root");

    /// <summary>Whether the service answers (installed is not enough: the stop scripts leave the packages and files behind).</summary>
    private static bool IsRunning(string service) => service switch
    {
        "slurm" => Succeeds("scontrol ping"),
        "sge" => Succeeds("qconf -sh"),
        "sshd" => File.Exists(Path.Combine(SshDirectory, "known_hosts")) && Listening(2222) && Listening(2223),
        "ftp" => Directory.Exists(Path.Combine(FtpDirectory, "pub")) && Listening(2121),
        "mpich" => Succeeds("mpicc --version") && Succeeds("mpiexec --version"),
        "podman" => Succeeds($"podman image exists {ContainerApps.Image}"),
        "docker" => Succeeds($"docker image inspect {ContainerApps.Image}"),
        _ => throw new ArgumentException($"no service '{service}'"),
    };

    private static bool Listening(int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpClient();
            probe.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static bool Succeeds(string command)
    {
        try
        {
            using var run = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", $"timeout 10 {command} >/dev/null 2>&1"]) { UseShellExecute = false })!;
            run.WaitForExit();
            return run.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
