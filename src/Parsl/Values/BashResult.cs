namespace Parsl;

/// <summary>The outcome of a bash app that exited with code 0 (a non-zero exit raises <see cref="BashExitException"/>).</summary>
/// <param name="Command">The command line that ran, after substitution and quoting.</param>
/// <param name="ExitCode">The exit code (0 unless the app tolerates failure).</param>
/// <param name="StdoutPath">Full path of the stdout file, if the app declared one.</param>
/// <param name="StderrPath">Full path of the stderr file, if the app declared one.</param>
/// <param name="Duration">Wall-clock time the command ran.</param>
public sealed record BashResult(string Command, int ExitCode, string? StdoutPath, string? StderrPath, TimeSpan Duration)
{
    /// <summary>Reads the whole stdout file.</summary>
    /// <exception cref="InvalidOperationException">The app declared no stdout file.</exception>
    public string ReadStdout() => File.ReadAllText(StdoutPath
        ?? throw new InvalidOperationException($"The command `{Command}` had no Stdout file; set Stdout on its [BashApp] to keep its output."));
}
