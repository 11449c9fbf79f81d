namespace Parsl;

/// <summary>A bash app failed. Names the app, the task and the exact command line.</summary>
public class BashAppException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BashAppException(AppDescriptor app, long taskId, string command, string message, Exception? inner = null)
        : base(message, inner)
    {
        App = app;
        TaskId = taskId;
        Command = command;
    }

    /// <summary>The bash app.</summary>
    public AppDescriptor App { get; }

    /// <summary>The task id (0 when the app was called directly, not through the kernel).</summary>
    public long TaskId { get; }

    /// <summary>The command line that ran.</summary>
    public string Command { get; }

    private protected static string Describe(AppDescriptor app, long taskId) =>
        taskId == 0 ? $"Bash app {app.Id}" : $"Bash app {app.Id} (task {taskId})";
}

/// <summary>A bash app's command exited with a non-zero code.</summary>
public class BashExitException : BashAppException
{
    /// <summary>Creates the exception.</summary>
    public BashExitException(AppDescriptor app, long taskId, string command, int exitCode, string stderrTail)
        : this(app, taskId, command, exitCode, stderrTail, $"{Describe(app, taskId)} exited with code {exitCode}.") { }

    private protected BashExitException(AppDescriptor app, long taskId, string command, int exitCode, string stderrTail, string headline)
        : base(app, taskId, command, Compose(headline, command, stderrTail))
    {
        ExitCode = exitCode;
        StderrTail = stderrTail;
    }

    /// <summary>The command's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The last lines the command wrote to stderr.</summary>
    public string StderrTail { get; }

    private static string Compose(string headline, string command, string stderrTail)
    {
        var message = $"{headline}\n  command: {command}";
        if (stderrTail.Length > 0)
            message += "\n  stderr (last lines):\n    " + stderrTail.TrimEnd().Replace("\n", "\n    ", StringComparison.Ordinal);
        return message;
    }
}

/// <summary>A bash app's command was not found (exit code 127).</summary>
public sealed class BashCommandNotFoundException(AppDescriptor app, long taskId, string command, string stderrTail)
    : BashExitException(app, taskId, command, 127, stderrTail,
        $"{Describe(app, taskId)}: command not found (exit code 127). Check that the program is installed and on PATH, or use its full path.");

/// <summary>A bash app ran past its walltime; its whole process group was killed.</summary>
public sealed class BashWalltimeExceededException(AppDescriptor app, long taskId, string command, TimeSpan walltime)
    : BashAppException(app, taskId, command,
        $"{Describe(app, taskId)} exceeded its walltime of {walltime.TotalSeconds:0.###} s; its process group was killed.\n  command: {command}")
{
    /// <summary>The limit that was exceeded.</summary>
    public TimeSpan Walltime { get; } = walltime;
}
