using System.Runtime.InteropServices;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Keeps a manager from reading the system's certificate store, which it never needs: it trusts the interchange by the
/// fingerprint in the run's secret. .NET's TLS client on Linux reads every file under the store (hundreds) before it
/// calls the validation callback, whatever the chain policy says; that was ~80 ms of a manager's first connection, on
/// the path to a workflow's first result. OpenSSL finds the store through SSL_CERT_FILE and SSL_CERT_DIR, read from the
/// native environment, so they are pointed at nothing there. The managed environment, which workers and the commands
/// of bash apps inherit, keeps the values the manager was started with.
/// </summary>
internal static partial class SystemTrustStore
{
    /// <summary>Call first thing in the process, before any other thread of ours runs (setenv is not thread-safe).</summary>
    public static void HideFromThisProcess(string nowhere)
    {
        if (!OperatingSystem.IsLinux())
            return;
        // Reading the managed environment first makes .NET copy it now, before the native one changes below.
        _ = Environment.GetEnvironmentVariables();
        _ = SetEnvironment("SSL_CERT_FILE", "/dev/null", 1);
        _ = SetEnvironment("SSL_CERT_DIR", nowhere, 1);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
