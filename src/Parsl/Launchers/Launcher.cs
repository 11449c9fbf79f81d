using Parsl.Processes;

namespace Parsl.Launchers;

/// <summary>
/// Turns the command that starts one worker pool into the command a block runs, so that the machine's own launcher
/// (<c>srun</c>, <c>mpiexec</c>, <c>aprun</c>, …) starts one copy per task slot of the block. A launcher only writes
/// a command line: it knows neither executors nor providers.
/// </summary>
/// <remarks>The command is passed to each copy as one shell-quoted word (<c>bash -c '…'</c>), so it keeps its own quoting.</remarks>
public abstract record Launcher
{
    /// <summary>The command a block runs to start <paramref name="tasksPerNode"/> copies of <paramref name="command"/> on each of its nodes.</summary>
    /// <param name="command">The command that starts one worker pool (a bash command line).</param>
    /// <param name="tasksPerNode">Copies per node, at least 1.</param>
    /// <param name="nodesPerBlock">Nodes in the block, at least 1.</param>
    /// <exception cref="ArgumentException">The command is empty, or the counts are not positive.</exception>
    public string Wrap(string command, int tasksPerNode, int nodesPerBlock)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasksPerNode, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodesPerBlock, 1);
        return WrapChecked(command, tasksPerNode, nodesPerBlock);
    }

    /// <summary>Writes the block's command; the arguments are already checked.</summary>
    private protected abstract string WrapChecked(string command, int tasksPerNode, int nodesPerBlock);

    /// <summary>The command as one word for <c>bash -c</c> (without ~/.bashrc: <see cref="BashLocation.NoStartupFiles"/>).</summary>
    private protected static string Bash(string command) => $"bash {BashLocation.NoStartupFiles} -c " + ShellCommand.Quote(command);

    /// <summary>Extra arguments for the launcher, separated from what follows by one space, or nothing.</summary>
    private protected static string With(string? overrides) => string.IsNullOrWhiteSpace(overrides) ? "" : overrides.Trim() + " ";
}
