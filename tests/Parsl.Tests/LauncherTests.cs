using System.Diagnostics;
using Parsl.Launchers;

namespace Parsl.Tests;

/// <summary>Launchers write the command a block runs; the single-node one is run here for real, the others checked as text.</summary>
public sealed class LauncherTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-launcher-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private const string Command = "process_worker_pool --label 'a b' --port $PORT";

    private static (int ExitCode, string Output) RunBash(string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = bash.StandardOutput.ReadToEnd() + bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        return (bash.ExitCode, output);
    }

    [Fact]
    public void Simple_runs_the_command_as_it_is_and_refuses_more_than_one_copy()
    {
        Assert.Equal(Command, new SimpleLauncher().Wrap(Command, 1, 1));

        var error = Assert.Throws<ArgumentException>(() => new SimpleLauncher().Wrap(Command, 4, 2));
        Assert.Contains("asks for 4 per node on 2 node(s)", error.Message);
    }

    [Fact]
    public void Scheduler_launchers_start_one_copy_per_slot_with_the_command_as_one_word()
    {
        var quoted = "bash --norc -c 'process_worker_pool --label '\\''a b'\\'' --port $PORT'";
        Assert.Equal($"srun --ntasks=8 --ntasks-per-node=4 --nodes=2 {quoted}", new SrunLauncher().Wrap(Command, 4, 2));
        Assert.Equal($"srun --ntasks=8 --ntasks-per-node=4 --nodes=2 --cpu-bind=none {quoted}", new SrunLauncher("--cpu-bind=none").Wrap(Command, 4, 2));
        Assert.Equal($"mpiexec -n 8 -ppn 4 ${{PBS_NODEFILE:+-f \"$PBS_NODEFILE\"}} {quoted}", new MpiexecLauncher().Wrap(Command, 4, 2));
        Assert.Equal($"aprun -n 8 -N 4 -cc none {quoted}", new AprunLauncher("-cc none").Wrap(Command, 4, 2));
        Assert.Equal($"jsrun -n 8 -r 4 {quoted}", new JsrunLauncher().Wrap(Command, 4, 2));
        Assert.Equal($"time {quoted}", new WrappedLauncher("time").Wrap(Command, 1, 1));
        Assert.Contains("seq 1 8 | parallel --jobs 4 --sshloginfile \"$logins\"", new GnuParallelLauncher().Wrap(Command, 4, 2));
    }

    [Fact]
    public void Counts_and_commands_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrunLauncher().Wrap(Command, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrunLauncher().Wrap(Command, 1, 0));
        Assert.Throws<ArgumentException>(() => new SrunLauncher().Wrap(" ", 1, 1));
    }

    [Fact]
    public void The_single_node_launcher_starts_every_copy_and_keeps_the_commands_quoting()
    {
        var marker = Path.Combine(_scratch, "it's here");
        var command = $"echo \"copy $PARSL_WORKER_COPY\" > {ShellCommand.Quote(marker)}-$PARSL_WORKER_COPY";

        var (exitCode, output) = RunBash(new SingleNodeLauncher().Wrap(command, 2, 2));

        Assert.True(exitCode == 0, output);
        Assert.Equal(["copy 1", "copy 2", "copy 3", "copy 4"],
            Enumerable.Range(1, 4).Select(i => File.ReadAllText($"{marker}-{i}").Trim()));
    }

    [Fact]
    public void The_single_node_launcher_fails_when_all_copies_fail_or_with_FailOnAny_when_one_does()
    {
        const string OneFails = "[ \"$PARSL_WORKER_COPY\" != 2 ]";

        Assert.Equal(0, RunBash(new SingleNodeLauncher().Wrap(OneFails, 3, 1)).ExitCode);
        Assert.NotEqual(0, RunBash(new SingleNodeLauncher { FailOnAny = true }.Wrap(OneFails, 3, 1)).ExitCode);
        Assert.NotEqual(0, RunBash(new SingleNodeLauncher().Wrap("exit 3", 3, 1)).ExitCode);
    }
}
