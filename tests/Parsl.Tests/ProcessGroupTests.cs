using Parsl.Processes;

namespace Parsl.Tests;

/// <summary>What a cancel waits for: a process group with a process that runs, not one whose last member is a zombie.</summary>
public sealed class ProcessGroupTests
{
    [Fact]
    public async Task A_group_whose_only_member_has_exited_but_is_not_reaped_has_no_live_member()
    {
        var pid = PosixSpawn.Start("/bin/sleep", ["sleep", "60"]);
        try
        {
            Assert.True(ProcessGroup.HasLiveMembers(pid));

            PosixSpawn.SignalGroup(pid, ChildProcess.SigKill);
            // Not reaped yet (this test is its parent and has not waited): kill(2) still finds the group.
            await Poll.UntilAsync(() => File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ", StringComparison.Ordinal), "the process to be a zombie");
            Assert.False(ProcessGroup.HasLiveMembers(pid));
        }
        finally
        {
            PosixSpawn.SignalGroup(pid, ChildProcess.SigKill);
            PosixSpawn.WaitForExit(pid);
        }
        Assert.False(ProcessGroup.HasLiveMembers(pid));
    }
}
