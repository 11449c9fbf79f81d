using System.Diagnostics;
using System.Text;

namespace Parsl.Package.Tests;

/// <summary>What a `dotnet` command printed (stdout and stderr, interleaved) and how it ended.</summary>
internal sealed record DotnetResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public override string ToString() => $"$ {Command}\n(exit code {ExitCode}, {Elapsed.TotalSeconds:0.0} s)\n{Output}";
}

/// <summary>Runs the `dotnet` CLI as a user would, in a folder of the user's project.</summary>
internal static class Dotnet
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and fails the test, printing everything the command
    /// wrote, unless it exits with 0.</summary>
    public static DotnetResult Succeed(string workingDirectory, params string[] arguments) => Succeed(workingDirectory, null, arguments);

    /// <summary>As above, with <paramref name="environment"/> set for the command (e.g. NUGET_PACKAGES as a user writes it).</summary>
    public static DotnetResult Succeed(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var result = Run(workingDirectory, environment, arguments);
        Assert.True(result.ExitCode == 0, $"dotnet failed:\n{result}");
        return result;
    }

    public static DotnetResult Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, null, arguments);

    public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = StartInfo(workingDirectory, environment, "dotnet", arguments);
        var output = new StringBuilder();
        var endOfOutput = new CountdownEvent(2);
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                endOfOutput.Signal();
                return;
            }
            lock (output)
                output.AppendLine(e.Data);
        }

        var command = "dotnet " + string.Join(' ', arguments);
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"timed out after {Timeout.TotalMinutes} minutes:\n{new DotnetResult(command, -1, Snapshot(output), clock.Elapsed)}");
        }
        // A compiler server started by this build inherits the pipes and keeps them open: take what was written
        // (the build is over, so that is all of it) without waiting for an end of file that may not come.
        endOfOutput.Wait(TimeSpan.FromSeconds(5));
        return new DotnetResult(command, process.ExitCode, Snapshot(output), clock.Elapsed);
    }

    /// <summary>
    /// Starts <c>dotnet</c> with <paramref name="arguments"/> as a terminal would, as the leader of a process group of its
    /// own (through <c>setsid</c>), so that <see cref="SignalGroup"/> reaches it and every process it starts, as Ctrl-C does.
    /// stdout and stderr are redirected for the caller to read; stdin is closed.
    /// </summary>
    public static Process StartInOwnGroup(string workingDirectory, params string[] arguments)
    {
        // env puts SIGINT back to its default: a test run started in the background of a non-interactive shell ignores
        // it, and the program would inherit that and never see the Ctrl-C a test sends.
        var process = Process.Start(StartInfo(workingDirectory, null, "setsid", ["env", "--default-signal=INT", "dotnet", .. arguments]))!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Sends <paramref name="signal"/> (<c>INT</c> for Ctrl-C, <c>KILL</c>, or <c>0</c> to ask whether any process
    /// is left) to the process group that <paramref name="leader"/> leads; true if it reached a process.</summary>
    public static bool SignalGroup(int leader, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, "--", $"-{leader}"]) { RedirectStandardError = true })!;
        kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }

    private static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        // The test host runs inside `dotnet test`, whose MSBuild variables would point the child's build at this one.
        foreach (var name in start.Environment.Keys.Where(IsInheritedBuildVariable).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no build node outlives the command
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return start;
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }

    private static bool IsInheritedBuildVariable(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);
}
