using System.ComponentModel;
using System.Diagnostics;
using Parsl.Containers;
using Parsl.Processes;

namespace Parsl;

/// <summary>Runs a bash app's command line: redirections, a process group of its own, walltime, cancellation, exit-code errors.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class BashRunner
{
    private const int StderrTailLines = 20;

    /// <summary>Runs a bash app's command directly (not as a task) and waits for it; called by generated bash apps.</summary>
    /// <param name="app">The bash app.</param>
    /// <param name="invocation">The command line and output paths.</param>
    public static BashResult Run(AppDescriptor app, BashInvocation invocation) =>
        Run(app, 0, invocation.Command, OutsideRun(invocation.Stdout), OutsideRun(invocation.Stderr), app.Walltime,
            container: ContainerCommand.For(app.Container, $"parsl-call-{Guid.NewGuid():N}"[..24], app, 0, values: null));

    // Called outside a run there is no run directory to name a file in: the stream goes where it would without one.
    private static string? OutsideRun(string? path) => path == AppCallOptions.AutoLogName ? null : path;

    /// <summary>Runs the command and waits for it.</summary>
    /// <param name="app">The bash app.</param>
    /// <param name="taskId">The task id, or 0 when the app is called directly.</param>
    /// <param name="command">The command line, already quoted.</param>
    /// <param name="stdoutPath">Where stdout goes, or null to inherit this process's stdout.</param>
    /// <param name="stderrPath">Where stderr goes, or null to capture it for the error message.</param>
    /// <param name="walltime">Kills the command's process group when it runs longer; null when the caller keeps the time (a task's try).</param>
    /// <param name="cancellationToken">Kills the command's process group when cancelled.</param>
    /// <param name="container">Runs the command inside this container rather than on the host; null for the host.</param>
    /// <exception cref="BashExitException">The command exited with a non-zero code.</exception>
    /// <exception cref="BashWalltimeExceededException">The command ran past <paramref name="walltime"/>.</exception>
    /// <exception cref="ContainerRuntimeMissingException">The container's runtime is not on this machine.</exception>
    internal static BashResult Run(AppDescriptor app, long taskId, string command, string? stdoutPath, string? stderrPath,
        TimeSpan? walltime, CancellationToken cancellationToken = default, ContainerCommand? container = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var runtime = container is null ? null
            : ContainerRuntimeProgram.Locate(container.Image)
                ?? throw new ContainerRuntimeMissingException(app, taskId, command, container.Image, ContainerRuntimeProgram.HowToInstall(container.Image.Runtime));
        // Inside a container the host's shell still does the redirections, so the output lands where the app says
        // without mounting its folders; what it ran, as the errors name it, is the runtime's whole command line.
        var ran = runtime is null ? command : string.Join(' ', container!.Run(command).Prepend(runtime).Select(ShellCommand.Quote));
        stdoutPath = stdoutPath is null ? null : PrepareOutputFile(app, taskId, command, stdoutPath, "stdout", app.AppendOutput);
        stderrPath = stderrPath is null ? null : PrepareOutputFile(app, taskId, command, stderrPath, "stderr", app.AppendOutput);
        var capturedStderr = stderrPath is null
            ? StderrCapture.NextFile()
            : null;
        // The spawn opens the output files itself, so bash gets the command alone and runs a simple one by exec, as a
        // shell does its last command: no second process, no bash waiting beside it.
        var output = new SpawnOutput(stdoutPath, app.AppendOutput, stderrPath ?? capturedStderr!, app.AppendOutput && stderrPath is not null);

        var owner = OrphanGuard.MarkCommand();
        if (runtime is not null)
            OrphanGuard.WatchRuntime(runtime);
        var clock = Stopwatch.StartNew();
        using var live = runtime is null ? default : LiveContainers.Add(runtime, container!);
        int pid;
        try
        {
            pid = PosixSpawn.Start(BashLocation.Path, ["bash", BashLocation.NoStartupFiles, "-c", ran], output, owner);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FileNotFoundException)
        {
            throw new BashAppException(app, taskId, command,
                $"Bash app {app.Id} could not start bash: {exception.Message} Bash apps need bash on the machine that runs them.", exception);
        }

        int exitCode;
        string? killedFor;
        var stopContainer = runtime is null ? null : new Action(() => ContainerCleanup.BeginStop(runtime, container!));
        using (var killSwitch = new KillSwitch(pid, walltime, cancellationToken, stopContainer))
        using (capturedStderr is null ? null : CaptureCap.Watch(capturedStderr))
        {
            exitCode = PosixSpawn.WaitForExit(pid);
            killedFor = killSwitch.OnExited();
        }
        try
        {
            // The runtime's client is gone now, so no container can appear after this removal.
            if (runtime is not null && (killedFor is not null || ContainerExit.MayLeaveContainer(exitCode))
                && ContainerCleanup.Remove(runtime, container!) is { } leftBehind)
                throw new BashAppException(app, taskId, ran,
                    $"Bash app {app.Id} (task {taskId}) {(killedFor is null ? $"exited with code {exitCode}" : $"was stopped ({killedFor})")}, and its container " +
                    $"{container!.Name} could not be removed: {leftBehind}. Remove it by hand: {runtime} rm --force {container.Name}");
            if (killedFor == KillSwitch.Walltime)
                throw new BashWalltimeExceededException(app, taskId, ran, walltime!.Value);
            if (killedFor == KillSwitch.Cancellation)
                throw new OperationCanceledException(
                    $"Bash app {app.Id} (task {taskId}) was cancelled; its process group was killed{(runtime is null ? "" : $" and its container {container!.Name} removed")}.", cancellationToken);
            if (exitCode == 0)
                return new BashResult(command, exitCode, stdoutPath, stderrPath, clock.Elapsed);
            var tail = TailBuffer.ReadFileTail(stderrPath ?? capturedStderr!, StderrTailLines);
            if (runtime is not null && ContainerExit.RuntimeFailed(container!.Image.Runtime, exitCode))
            {
                throw ContainerExit.ImageMissing(tail)
                    ? new ContainerImageMissingException(app, taskId, ran, exitCode, tail, container.Image)
                    : new ContainerStartException(app, taskId, ran, exitCode, tail, container.Image);
            }
            if (exitCode == 127)
                throw new BashCommandNotFoundException(app, taskId, ran, tail);
            throw new BashExitException(app, taskId, ran, exitCode, tail);
        }
        finally
        {
            if (capturedStderr is not null)
                File.Delete(capturedStderr);
        }
    }

    /// <summary>Makes the file's folder and opens the file once as the command will (truncating, or appending): a path
    /// that cannot be written fails here, naming the app and the stream, not as a shell redirection error.</summary>
    private static string PrepareOutputFile(AppDescriptor app, long taskId, string command, string path, string stream, bool append)
    {
        var fullPath = Path.GetFullPath(path);
        try
        {
            if (Path.GetDirectoryName(fullPath) is { } directory)
                Directory.CreateDirectory(directory);
            using (new FileStream(fullPath, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
            }
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            throw new BashAppException(app, taskId, command,
                $"Bash app {app.Id}{(taskId > 0 ? $" (task {taskId})" : "")} cannot write its {stream} to {fullPath}: {Logging.Sentence.Clause(problem.Message)}. " +
                $"Choose a {stream} path the app may write ({(stream == "stdout" ? "Stdout" : "Stderr")} on [BashApp], or in the call's AppCallOptions).", problem);
        }
        return fullPath;
    }

    /// <summary>Kills the command's process group on walltime or cancellation: SIGTERM, then SIGKILL after a grace period.</summary>
    private sealed class KillSwitch : IDisposable
    {
        public const string Walltime = "walltime";
        public const string Cancellation = "cancellation";
        private const int SigTerm = 15;
        private const int SigKill = 9;
        private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(2);

        private readonly Lock _gate = new();
        private readonly int _processGroup;
        private readonly Timer? _walltime;
        private readonly CancellationTokenRegistration _cancellation;
        private readonly Action? _stopContainer;
        private string? _reason;
        private bool _exited;

        public KillSwitch(int processGroup, TimeSpan? walltime, CancellationToken cancellationToken, Action? stopContainer)
        {
            _processGroup = processGroup;
            _stopContainer = stopContainer;
            _walltime = walltime is { } limit ? new Timer(_ => Kill(Walltime), null, limit, Timeout.InfiniteTimeSpan) : null;
            _cancellation = cancellationToken.Register(() => Kill(Cancellation));
        }

        private void Kill(string reason)
        {
            lock (_gate)
            {
                if (_exited || _reason is not null)
                    return;
                _reason = reason;
                PosixSpawn.SignalGroup(_processGroup, SigTerm);
            }
            // The container's command is its PID 1, which ignores a SIGTERM it has no handler for: the runtime stops it.
            _stopContainer?.Invoke();
            _ = Task.Delay(s_grace).ContinueWith(_ =>
            {
                lock (_gate)
                {
                    if (!_exited)
                        PosixSpawn.SignalGroup(_processGroup, SigKill);
                }
            }, TaskScheduler.Default);
        }

        /// <summary>Records the exit; after a kill, also takes out children the shell left behind in its group.</summary>
        public string? OnExited()
        {
            lock (_gate)
            {
                _exited = true;
                if (_reason is not null)
                    PosixSpawn.SignalGroup(_processGroup, SigKill);
                return _reason;
            }
        }

        public void Dispose()
        {
            _walltime?.Dispose();
            _cancellation.Dispose();
        }
    }
}
