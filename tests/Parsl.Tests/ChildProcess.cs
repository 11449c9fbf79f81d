using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Parsl.Tests;

/// <summary>Runs a sample or probe program of this repository as a real child process.</summary>
internal static partial class ChildProcess
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;

    public static Process Start(string project, string workingDirectory, params string[] arguments) =>
        Start(project, workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start(string, string, string[])"/>, with <paramref name="environment"/> added to the child's.</summary>
    public static Process Start(string project, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        // env execs dotnet (the same process) with SIGINT back to its default: a test run started in the background of a
        // non-interactive shell ignores SIGINT, its children would inherit that, and Ctrl-C tests would prove nothing.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Assembly(project));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    /// <summary>A temporary folder of the test's own (made under <paramref name="workingDirectory"/>), as TMPDIR for a child.</summary>
    public static Dictionary<string, string> OwnTemporaryFolder(string workingDirectory) =>
        new() { ["TMPDIR"] = Directory.CreateDirectory(Path.Combine(workingDirectory, "tmp")).FullName };

    /// <summary>The stderr capture folders (parsl-stderr-*) a child left in its temporary folder.</summary>
    public static string[] CaptureFoldersLeft(string workingDirectory) => Directory.GetDirectories(Path.Combine(workingDirectory, "tmp"), "parsl-stderr-*");

    /// <summary>The repository's root (tests/Parsl.Tests/bin/&lt;Configuration&gt;/net10.0 is five levels below it).</summary>
    public static string Repository => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>The built program of a project under samples/ or tests/ (same configuration as the tests).</summary>
    public static string Assembly(string project)
    {
        // tests/Parsl.Tests/bin/<Configuration>/net10.0 -> <folder>/<project>/bin/<Configuration>/net10.0
        var binDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = binDirectory.Parent!.Name;
        var repository = Repository;
        var path = new[] { "samples", "tests" }
            .Select(folder => Path.Combine(repository, folder, project, "bin", configuration, "net10.0", project + ".dll"))
            .FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"{project} is not built for {configuration}");
        return path;
    }

    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static void Signal(Process process, int signal)
    {
        // A process started in the background of a non-interactive shell ignores SIGINT, one started under nohup SIGHUP,
        // and their children inherit that (Start resets SIGINT; other starters may not): such a test run would prove
        // nothing about the signal, so say why instead of timing out.
        if (signal == SigInt && IgnoresSignal(process.Id, SigInt))
            Assert.Fail($"pid {process.Id} ignores SIGINT, inherited from this test run (started in the background of a non-interactive shell?); run the tests from a foreground shell or with job control (set -m)");
        if (signal == SigHup && IgnoresSignal(process.Id, SigHup))
            Assert.Fail($"pid {process.Id} ignores SIGHUP, inherited from this test run (started under nohup?); run the tests without nohup (setsid or a terminal multiplexer keep them running instead)");
        Signal(process.Id, signal);
    }

    /// <summary>Whether the process ignores the signal (its SigIgn mask in /proc/pid/status).</summary>
    public static bool IgnoresSignal(int pid, int signal)
    {
        var line = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & (1UL << (signal - 1))) != 0;
    }

    /// <summary>Sends a signal to a process, or with a negative <paramref name="pid"/> to the whole process group -pid.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
            Assert.Fail($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()} (3: no such process, {(HasEnded(Math.Abs(pid)) ? "it has ended" : "it runs")})");
    }

    /// <summary>The process group a process belongs to (field 5 of /proc/pid/stat, after the command's parenthesis).</summary>
    public static int ProcessGroup(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The parent of a process (field 4 of /proc/pid/stat).</summary>
    public static int Parent(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether a process has ended (gone, or a zombie waiting for its parent).</summary>
    public static bool HasEnded(int pid) =>
        !File.Exists($"/proc/{pid}/status") || File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
