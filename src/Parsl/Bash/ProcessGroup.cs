using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Parsl;

/// <summary>
/// Starts a command in a process group of its own (via <c>setsid</c>) so that a walltime or a cancellation can
/// kill everything it spawned, not just the shell.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigTerm = 15;
    private const int SigKill = 9;

    private static readonly string? s_setsid = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    public static ProcessStartInfo ShellStartInfo(string script)
    {
        var info = new ProcessStartInfo(s_setsid ?? "/bin/bash") { UseShellExecute = false };
        if (s_setsid is not null)
            info.ArgumentList.Add("/bin/bash");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        return info;
    }

    /// <summary>SIGTERM to the group, then SIGKILL if it has not exited after <paramref name="grace"/>.</summary>
    public static async Task KillAsync(Process process, TimeSpan grace)
    {
        if (s_setsid is null || OperatingSystem.IsWindows())
        {
            TryKillTree(process);
            return;
        }
        _ = Kill(-process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        // The shell may be gone while children it started still hold the group: kill the group regardless.
        _ = Kill(-process.Id, SigKill);
    }

    private static void TryKillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
