using Parsl.Channels;

namespace Parsl.Tests;

/// <summary>
/// This machine's bash with a scheduler's stand-in commands first on PATH (tests/Parsl.Tests/StandIns/&lt;scheduler&gt;),
/// and their state in a directory of the test's: for schedulers with no Debian package (PBS, HTCondor, LSF, Cobalt),
/// whose tools the stand-ins imitate from their documentation, awkward cases included.
/// </summary>
internal sealed class StandInChannel : IChannel, IDisposable
{
    private readonly LocalChannel _local = new();
    private readonly string _tools;

    public StandInChannel(string scheduler)
    {
        _tools = Path.Combine(ChildProcess.Repository, "tests", "Parsl.Tests", "StandIns", scheduler);
        State = Directory.CreateTempSubdirectory($"parsl-{scheduler}-").FullName;
    }

    /// <summary>Where the stand-ins keep their jobs: a file per job holding its state.</summary>
    public string State { get; }

    public string Name => "stand-in";

    /// <summary>Makes the next scheduler command fail with <paramref name="exitCode"/> and <paramref name="message"/>, as a busy server would.</summary>
    public void FailNext(int exitCode, string message) => File.WriteAllText(Path.Combine(State, "fail-next"), $"{exitCode} {message}\n");

    /// <summary>Sets a job's state (and exit status), as the scheduler would as it runs and ends.</summary>
    public void Set(string jobId, string state, int? exit = null)
    {
        File.WriteAllText(Path.Combine(State, jobId), state + "\n");
        if (exit is { } code)
            File.WriteAllText(Path.Combine(State, jobId + ".exit"), code + "\n");
    }

    /// <summary>Moves a job from the queue to the scheduler's history (HTCondor's condor_history).</summary>
    public void LeaveQueue(string jobId) => File.WriteAllText(Path.Combine(State, jobId + ".history"), "");

    /// <summary>Forgets a job, as the server does once its history expires.</summary>
    public void Forget(string jobId) => File.Delete(Path.Combine(State, jobId));

    public ValueTask<CommandResult> ExecuteAsync(string command, TimeSpan timeout, CancellationToken cancellationToken) =>
        _local.ExecuteAsync($"export PATH={ShellCommand.Quote(_tools)}:\"$PATH\" STANDIN_STATE={ShellCommand.Quote(State)}; {command}", timeout, cancellationToken);

    public ValueTask WriteFileAsync(string path, string content, CancellationToken cancellationToken) => _local.WriteFileAsync(path, content, cancellationToken);

    public ValueTask PushFileAsync(string localPath, string remotePath, CancellationToken cancellationToken) => _local.PushFileAsync(localPath, remotePath, cancellationToken);

    public ValueTask PullFileAsync(string remotePath, string localPath, CancellationToken cancellationToken) => _local.PullFileAsync(remotePath, localPath, cancellationToken);

    public ValueTask<string?> ReadTailAsync(string path, int lines, CancellationToken cancellationToken) => _local.ReadTailAsync(path, lines, cancellationToken);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => Directory.Delete(State, recursive: true);
}
