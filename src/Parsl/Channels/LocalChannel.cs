using System.Diagnostics;
using Parsl.Processes;

namespace Parsl.Channels;

/// <summary>Runs commands and writes files on this machine: for a scheduler whose commands are installed here.</summary>
public sealed class LocalChannel : IChannel
{
    /// <inheritdoc />
    public string Name => "local";

    /// <inheritdoc />
    public async ValueTask<CommandResult> ExecuteAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        string bash;
        try
        {
            bash = BashLocation.Path;
        }
        catch (FileNotFoundException exception)
        {
            throw new ChannelException($"Could not run '{command}': {exception.Message}", exception);
        }
        var start = new ProcessStartInfo(bash)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(BashLocation.NoStartupFiles);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new ChannelException($"Could not start bash to run '{command}': {exception.Message}", exception);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ChannelException($"'{command}' did not finish within {timeout.TotalSeconds:0.#} s and was killed; output so far: {(await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false)).Trim()}");
        }
        return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask WriteFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <inheritdoc />
    public ValueTask PushFileAsync(string localPath, string remotePath, CancellationToken cancellationToken) => CopyAsync(localPath, remotePath, cancellationToken);

    /// <inheritdoc />
    public ValueTask PullFileAsync(string remotePath, string localPath, CancellationToken cancellationToken) => CopyAsync(remotePath, localPath, cancellationToken);

    private static async ValueTask CopyAsync(string from, string to, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
        await using var source = File.OpenRead(from);
        await using var target = File.Create(to);
        await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<string?> ReadTailAsync(string path, int lines, CancellationToken cancellationToken) =>
        ValueTask.FromResult(File.Exists(path) ? TailBuffer.ReadFileTail(path, lines) : null);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
