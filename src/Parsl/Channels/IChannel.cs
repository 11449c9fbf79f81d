namespace Parsl.Channels;

/// <summary>
/// Where a provider runs its scheduler's commands and writes its batch scripts: this machine (<see cref="LocalChannel"/>)
/// or a cluster's login node reached over SSH. Commands are bash command lines.
/// </summary>
public interface IChannel : IAsyncDisposable
{
    /// <summary>Where commands run, for messages: <c>local</c>, or <c>ssh user@host:port</c>.</summary>
    string Name { get; }

    /// <summary>Runs <paramref name="command"/> with bash and returns its exit code and output.</summary>
    /// <exception cref="ChannelException">The command could not be run, or did not finish within <paramref name="timeout"/> (it is then killed).</exception>
    ValueTask<CommandResult> ExecuteAsync(string command, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Writes a text file (a batch script), creating its directory; the file is readable and executable by its owner.</summary>
    ValueTask WriteFileAsync(string path, string content, CancellationToken cancellationToken);

    /// <summary>Copies a file of this machine to <paramref name="remotePath"/> on the channel's (creating its directory).</summary>
    ValueTask PushFileAsync(string localPath, string remotePath, CancellationToken cancellationToken);

    /// <summary>Copies a file of the channel's machine to <paramref name="localPath"/> here (creating its directory).</summary>
    ValueTask PullFileAsync(string remotePath, string localPath, CancellationToken cancellationToken);

    /// <summary>The last <paramref name="lines"/> lines of a text file (a block's stderr), or null when it does not exist.</summary>
    ValueTask<string?> ReadTailAsync(string path, int lines, CancellationToken cancellationToken);
}

/// <summary>How a command ended.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">What it printed on stdout.</param>
/// <param name="Stderr">What it printed on stderr.</param>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout and stderr together, trimmed, for messages.</summary>
    public string Output => string.Join("\n", new[] { Stdout.Trim(), Stderr.Trim() }.Where(s => s.Length > 0));
}

/// <summary>A channel could not run a command (it is missing, timed out, or the connection failed).</summary>
public sealed class ChannelException(string message, Exception? inner = null) : Exception(message, inner);
