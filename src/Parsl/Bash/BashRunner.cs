using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Parsl;

/// <summary>Runs a bash app's command line: redirections, process group, walltime, exit-code errors.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BashRunner
{
    private const int StderrTailLines = 20;
    private static readonly TimeSpan s_killGrace = TimeSpan.FromSeconds(2);

    /// <summary>Runs the command synchronously (a direct call of a template-form bash app).</summary>
    public static BashResult Run(AppDescriptor app, string command, string? stdoutPath, string? stderrPath) =>
        RunAsync(app, 0, command, stdoutPath, stderrPath, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>Runs the command; completes when it exits.</summary>
    /// <exception cref="BashExitException">The command exited with a non-zero code.</exception>
    /// <exception cref="BashWalltimeExceededException">The command ran past the app's walltime.</exception>
    public static async ValueTask<BashResult> RunAsync(AppDescriptor app, long taskId, string command, string? stdoutPath, string? stderrPath,
        CancellationToken cancellationToken)
    {
        stdoutPath = stdoutPath is null ? null : PrepareOutputFile(stdoutPath);
        stderrPath = stderrPath is null ? null : PrepareOutputFile(stderrPath);
        var script = new StringBuilder();
        var redirect = app.AppendOutput ? ">>" : ">";
        if (stdoutPath is not null)
            script.Append("exec 1").Append(redirect).Append(ShellCommand.Quote(stdoutPath)).Append('\n');
        if (stderrPath is not null)
            script.Append(stderrPath == stdoutPath ? "exec 2>&1" : "exec 2" + redirect + ShellCommand.Quote(stderrPath)).Append('\n');
        script.Append(command);

        var startInfo = ProcessGroup.ShellStartInfo(script.ToString());
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardError = stderrPath is null;
        var stderrTail = new TailBuffer(StderrTailLines);
        using var process = new Process { StartInfo = startInfo };
        if (stderrPath is null)
            process.ErrorDataReceived += (_, line) => stderrTail.Add(line.Data);

        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is Win32Exception or InvalidOperationException)
        {
            throw new BashAppException(app, taskId, command,
                $"Bash app {app.Id} could not start /bin/bash: {exception.Message}. Bash apps need bash (and setsid) on the worker.", exception);
        }
        process.StandardInput.Close();
        if (stderrPath is null)
            process.BeginErrorReadLine();

        using var walltime = app.Walltime is { } limit ? new CancellationTokenSource(limit) : null;
        using var stop = walltime is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, walltime.Token);
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await ProcessGroup.KillAsync(process, s_killGrace).ConfigureAwait(false);
            if (walltime?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
                throw new BashWalltimeExceededException(app, taskId, command, app.Walltime!.Value);
            throw new OperationCanceledException($"Bash app {app.Id} (task {taskId}) was cancelled; its process group was killed.", cancellationToken);
        }

        var exitCode = process.ExitCode;
        if (exitCode == 0)
            return new BashResult(command, exitCode, stdoutPath, stderrPath, clock.Elapsed);
        // WaitForExit() without a timeout also waits for the asynchronous stderr reader to reach end of stream.
        process.WaitForExit();
        var tail = stderrPath is null ? stderrTail.ToString() : TailBuffer.ReadFileTail(stderrPath, StderrTailLines);
        if (exitCode == 127)
            throw new BashCommandNotFoundException(app, taskId, command, tail);
        throw new BashExitException(app, taskId, command, exitCode, tail);
    }

    private static string PrepareOutputFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (Path.GetDirectoryName(fullPath) is { } directory)
            Directory.CreateDirectory(directory);
        return fullPath;
    }
}
