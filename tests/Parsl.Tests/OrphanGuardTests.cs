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

    /// <summary>This process's one live guard (its child whose argv[0] is parsl-orphan-guard). Waited for: a process
    /// just spawned shows its arguments in /proc a moment after its parent goes on.</summary>
    private static async Task<int> TheGuardAsync()
    {
        List<int> guards = [];
        await Poll.UntilAsync(() => (guards = Guards()).Count == 1, TimeSpan.FromSeconds(10), "one live guard of this process");
        return guards[0];
    }

    private static List<int> Guards() =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(folder => int.TryParse(Path.GetFileName(folder), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && IsGuard(pid))];

    private static bool IsGuard(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("parsl-orphan-guard\0", StringComparison.Ordinal)
                && ChildProcess.Parent(pid) == Environment.ProcessId && !ChildProcess.HasEnded(pid);
        }
        catch (IOException)
        {
            return false; // gone meanwhile
        }
    }
}
