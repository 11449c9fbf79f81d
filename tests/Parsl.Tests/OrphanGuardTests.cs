using System.Diagnostics;
using Parsl.Processes;

namespace Parsl.Tests;

/// <summary>The guard that stops a killed process's commands (<see cref="OrphanGuard"/>), seen from the process it guards:
/// the kill -9 tests themselves are in <see cref="CtrlCTests"/> and <see cref="HtexFaultTests"/>.</summary>
public sealed class OrphanGuardTests
{
    [Fact]
    public async Task A_command_carries_the_token_and_a_guard_killed_outright_is_started_again_by_the_next_command()
    {
        Assert.Equal([new(OrphanGuard.Variable, OrphanGuard.Token)], OrphanGuard.MarkCommand());
        var guard = await TheGuardAsync();

        ChildProcess.Signal(guard, ChildProcess.SigKill);
        await Poll.UntilAsync(() => ChildProcess.HasEnded(guard), "the guard to die");

        // Commands started meanwhile by other tests may have started the new one already; either way one runs now.
        Assert.Equal([new(OrphanGuard.Variable, OrphanGuard.Token)], OrphanGuard.MarkCommand());
        Assert.NotEqual(guard, await TheGuardAsync());
    }

    [Fact]
    public async Task A_run_started_by_anothers_command_marks_its_commands_as_its_own_and_its_guard_as_no_ones()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-nested-guard-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true,
            Environment = { [OrphanGuard.Variable] = "outer-run-token" }, // as a bash app of another run would have it
        };
        start.ArgumentList.Add(ChildProcess.Assembly("Parsl.ResumeProbe"));
        start.ArgumentList.Add("orphan");
        using var inner = Process.Start(start)!;
        inner.ErrorDataReceived += (_, _) => { };
        inner.BeginErrorReadLine();
        inner.OutputDataReceived += (_, _) => { };
        inner.BeginOutputReadLine();
        try
        {
            await Poll.UntilAsync(() => File.Exists(Path.Combine(workingDirectory, "asleep")) || inner.HasExited, TimeSpan.FromSeconds(60), "the inner run's app to fall asleep");
            var shell = int.Parse(File.ReadAllText(Path.Combine(workingDirectory, "shell")), System.Globalization.CultureInfo.InvariantCulture);

            // Its command carries the inner run's mark, not the outer one's: the inner guard finds it.
            Assert.StartsWith($"{inner.Id}-", OwnerOf(shell));
            // Its guard carries no mark: the outer run's guard, sweeping the outer mark, leaves it to stop the inner commands.
            var guard = await TheGuardAsync(inner.Id);
            Assert.Null(OwnerOf(guard));
        }
        finally
        {
            ChildProcess.Signal(inner.Id, ChildProcess.SigKill);
            await Poll.UntilAsync(() => !File.Exists(Path.Combine(workingDirectory, "shell"))
                || ChildProcess.HasEnded(int.Parse(File.ReadAllText(Path.Combine(workingDirectory, "shell")), System.Globalization.CultureInfo.InvariantCulture)),
                "the inner run's guard to stop its command");
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    /// <summary>The process's <see cref="OrphanGuard.Variable"/>, or null when it has none.</summary>
    private static string? OwnerOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0')
            .FirstOrDefault(entry => entry.StartsWith(OrphanGuard.Variable + "=", StringComparison.Ordinal))?[(OrphanGuard.Variable.Length + 1)..];

    /// <summary>A process's one live guard (its child whose argv[0] is parsl-orphan-guard), this one's by default. Waited for: a process
    /// just spawned shows its arguments in /proc a moment after its parent goes on.</summary>
    private static async Task<int> TheGuardAsync(int? of = null)
    {
        List<int> guards = [];
        await Poll.UntilAsync(() => (guards = Guards(of ?? Environment.ProcessId)).Count == 1, TimeSpan.FromSeconds(10), "one live guard of the process");
        return guards[0];
    }

    private static List<int> Guards(int of) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsGuard(pid, of))];

    private static bool IsGuard(int pid, int of)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("parsl-orphan-guard\0", StringComparison.Ordinal)
                && ChildProcess.Parent(pid) == of && !ChildProcess.HasEnded(pid);
        }
        catch (IOException)
        {
            return false; // gone meanwhile
        }
    }
}
