using System.Collections.Concurrent;
using System.Text;
using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// What every batch-scheduler provider shares: a block is a batch script (the scheduler's directives, the worker init
/// lines, the block's command) written through the <see cref="Channel"/> and submitted with the scheduler's command;
/// every status poll is one query for all blocks; cancelling is one command for all of them. A scheduler command that
/// is missing, times out or prints something unexpected fails with the command, its exit code and its output.
/// Subclasses say how their scheduler spells each of these.
/// </summary>
public abstract class BatchSchedulerProvider : IExecutionProvider
{
    private const int StderrTailLines = 5;
    private readonly ConcurrentDictionary<string, string> _stderrFiles = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public abstract string Name { get; }

    // The shared settings live in one value; the properties below read and set it (defaults are SchedulerSettings').
    private SchedulerSettings _settings = new();

    /// <summary>
    /// The shared settings below as one value: reading gives their current values; setting it (in an object initializer)
    /// sets all of them at once, and settings written after it in the initializer win.
    /// </summary>
    public SchedulerSettings Settings
    {
        get => _settings;
        init => _settings = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Where the scheduler's commands run: this machine by default, or a login node over SSH.</summary>
    public IChannel Channel { get => _settings.Channel; init => _settings = _settings with { Channel = value }; }

    /// <summary>The account (project, allocation) jobs are charged to; null for the user's default.</summary>
    public string? Account { get => _settings.Account; init => _settings = _settings with { Account = value }; }

    /// <summary>Cores to request on each node; null for the scheduler's default.</summary>
    public int? CoresPerNode { get => _settings.CoresPerNode; init => _settings = _settings with { CoresPerNode = value }; }

    /// <summary>Memory to request on each node, in GiB; null for the scheduler's default.</summary>
    public int? MemoryPerNodeGb { get => _settings.MemoryPerNodeGb; init => _settings = _settings with { MemoryPerNodeGb = value }; }

    /// <summary>Whether a block asks for its nodes to itself.</summary>
    public bool Exclusive { get => _settings.Exclusive; init => _settings = _settings with { Exclusive = value }; }

    /// <summary>Extra scheduler directives, one per line, copied into the script as written (e.g. <c>#SBATCH --constraint=gpu</c>).</summary>
    public string? SchedulerOptions { get => _settings.SchedulerOptions; init => _settings = _settings with { SchedulerOptions = value }; }

    /// <summary>Shell lines each block runs before its command, e.g. <c>module load dotnet</c>.</summary>
    public string? WorkerInit { get => _settings.WorkerInit; init => _settings = _settings with { WorkerInit = value }; }

    /// <summary>
    /// Where a block's job runs (and so where bash apps' relative paths point): null for this program's current
    /// directory, which a cluster's shared file system shows to the nodes as well, wherever the job was submitted from
    /// (an SSH channel's commands run in the login's home).
    /// </summary>
    public string? WorkingDirectory { get => _settings.WorkingDirectory; init => _settings = _settings with { WorkingDirectory = value }; }

    /// <summary>The directory a block's job starts in.</summary>
    protected string JobDirectory => WorkingDirectory ?? Environment.CurrentDirectory;

    /// <summary>How long a scheduler command may take before it is killed and counted as failed.</summary>
    public TimeSpan CommandTimeout { get => _settings.CommandTimeout; init => _settings = _settings with { CommandTimeout = value }; }

    /// <summary>The scheduler's directives for one block (the lines after <c>#!/bin/bash</c>).</summary>
    protected abstract string Directives(BlockRequest request, string stdoutPath, string stderrPath);

    /// <summary>The command that submits <paramref name="scriptPath"/> (the block's request and log files, for schedulers that take them on the command line or in a submit file).</summary>
    protected abstract string SubmitCommand(string scriptPath, BlockRequest request, string stdoutPath, string stderrPath);

    /// <summary>The job id in a successful submission's output.</summary>
    /// <exception cref="FormatException">The output holds no job id.</exception>
    protected abstract string ParseJobId(CommandResult result);

    /// <summary>
    /// The job id on the last line of stdout (schedulers may print warnings first), up to <paramref name="separator"/>
    /// (what some add after it: a cluster name, an array's range); a numeric id is the only kind accepted.
    /// </summary>
    /// <exception cref="FormatException">The last line does not start with a numeric id.</exception>
    protected string NumericJobId(CommandResult result, char separator)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        var id = line.Split(separator)[0];
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new FormatException($"'{line}' is not a {Name} job id");
        return id;
    }

    /// <summary>The job ids as shell words, joined by <paramref name="separator"/>: the list a status or cancel command takes.</summary>
    protected static string QuotedJobIds(IEnumerable<string> jobIds, char separator = ' ') => string.Join(separator, jobIds.Select(ShellCommand.Quote));

    /// <summary>One command that reports every one of <paramref name="jobIds"/>.</summary>
    protected abstract string StatusCommand(IReadOnlyCollection<string> jobIds);

    /// <summary>The state of the jobs the status command reported; jobs it did not report are left out (they are gone from the queue).</summary>
    /// <exception cref="FormatException">The output is not what the scheduler prints.</exception>
    protected abstract IReadOnlyDictionary<string, BlockStatus> ParseStatus(CommandResult result, IReadOnlyCollection<string> jobIds);

    /// <summary>What a job the scheduler no longer lists is: <see cref="BlockState.Unknown"/> unless the scheduler can say more (its accounting).</summary>
    protected virtual ValueTask<BlockStatus> VanishedAsync(string jobId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new BlockStatus(BlockState.Unknown, Message: $"job {jobId} is no longer in the {Name} queue, which keeps no record of how it ended"));

    /// <summary>Runs a command of the scheduler through the channel (for subclasses that ask more than one).</summary>
    /// <exception cref="InvalidOperationException">The channel could not run it.</exception>
    protected Task<CommandResult> RunAsync(string command, CancellationToken cancellationToken) => RunCommandAsync(command, cancellationToken);

    /// <summary>One command that cancels every one of <paramref name="jobIds"/>.</summary>
    protected abstract string CancelCommand(IReadOnlyCollection<string> jobIds);

    /// <summary>Writes the block's batch script beside its logs and submits it.</summary>
    public async ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Absolute: the scheduler's commands may run elsewhere (a login node's home), the paths must name the same files.
        var logDirectory = Path.GetFullPath(request.LogDirectory);
        var stdout = Path.Combine(logDirectory, request.JobName + ".stdout");
        var stderr = Path.Combine(logDirectory, request.JobName + ".stderr");
        var script = Path.Combine(logDirectory, request.JobName + ".sh");
        var text = new StringBuilder("#!/bin/bash\n");
        text.Append(Directives(request, stdout, stderr));
        if (!string.IsNullOrWhiteSpace(SchedulerOptions))
            text.Append(SchedulerOptions.TrimEnd()).Append('\n');
        // After every directive (schedulers stop reading them at the first command); some schedulers start jobs in the home directory.
        text.Append("cd ").Append(ShellCommand.Quote(JobDirectory)).Append('\n');
        if (!string.IsNullOrWhiteSpace(WorkerInit))
            text.Append(WorkerInit.TrimEnd()).Append('\n');
        text.Append(request.Command).Append('\n');
        try
        {
            await Channel.WriteFileAsync(script, text.ToString(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ChannelException)
        {
            throw new BlockSubmissionException($"The {Name} provider could not write the batch script {script} ({Channel.Name}): {exception.Message}", exception);
        }
        var command = SubmitCommand(script, request, stdout, stderr);
        CommandResult result;
        try
        {
            result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            throw new BlockSubmissionException(exception.Message, exception.InnerException);
        }
        if (result.ExitCode != 0)
            throw new BlockSubmissionException($"The {Name} provider's '{command}' ({Channel.Name}) failed with exit code {result.ExitCode}: {result.Output}");
        string jobId;
        try
        {
            jobId = ParseJobId(result);
        }
        catch (FormatException exception)
        {
            throw new BlockSubmissionException($"The {Name} provider's '{command}' ({Channel.Name}) printed no job id it recognises: {exception.Message}; output: {result.Output}", exception);
        }
        _stderrFiles[jobId] = stderr;
        return jobId;
    }

    /// <summary>One status query for all of <paramref name="jobIds"/>; a job missing from it is <see cref="VanishedAsync"/>.</summary>
    public async ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        if (jobIds.Count == 0)
            return new Dictionary<string, BlockStatus>();
        var command = StatusCommand(jobIds);
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, BlockStatus> listed;
        try
        {
            listed = ParseStatus(result, jobIds);
        }
        catch (FormatException exception)
        {
            throw new InvalidOperationException($"The {Name} provider could not read the output of '{command}' ({Channel.Name}, exit code {result.ExitCode}): {exception.Message}; output: {result.Output}", exception);
        }
        var statuses = new Dictionary<string, BlockStatus>(jobIds.Count, StringComparer.Ordinal);
        foreach (var jobId in jobIds)
        {
            var status = listed.TryGetValue(jobId, out var known) ? known : await VanishedAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (status.State == BlockState.Failed && _stderrFiles.TryGetValue(jobId, out var stderr)
                && await Channel.ReadTailAsync(stderr, StderrTailLines, cancellationToken).ConfigureAwait(false) is { Length: > 0 } tail)
                status = status with { Message = $"{status.Message}; stderr: {tail}" };
            statuses[jobId] = status;
        }
        return statuses;
    }

    /// <summary>Through an SSH channel: connections to the returned port on the login node reach <paramref name="localPort"/> here.</summary>
    public async ValueTask<(string Host, int Port)> OpenReverseTunnelAsync(int localPort, CancellationToken cancellationToken) => Channel is SshChannel ssh
        ? (ssh.TunnelHost, await ssh.OpenReverseTunnelAsync(localPort, cancellationToken).ConfigureAwait(false))
        : throw new NotSupportedException($"The {Name} provider's channel ({Channel.Name}) is not an SSH channel, so it has no tunnel to open; leave TunnelThroughChannel off, or reach the scheduler through an SshChannel.");

    /// <summary>Cancels the jobs in one command; jobs that already ended are left as they are.</summary>
    public async ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        if (jobIds.Count == 0)
            return;
        var command = CancelCommand(jobIds);
        var result = await RunAsync(command, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0 && !CancelledAnyway(result))
            throw new InvalidOperationException($"The {Name} provider's '{command}' ({Channel.Name}) failed with exit code {result.ExitCode}: {result.Output}");
    }

    /// <summary>
    /// Whether a failed command said something and every line of its stderr holds one of <paramref name="harmless"/>
    /// (e.g. jobs the scheduler forgot or that already ended): its failure is then no failure of the poll or cancel.
    /// A command that failed saying nothing did fail.
    /// </summary>
    protected static bool StderrOnlySays(CommandResult result, params string[] harmless)
    {
        ArgumentNullException.ThrowIfNull(result);
        return OnlySays(result.Stderr, harmless);
    }

    /// <summary>As <see cref="StderrOnlySays"/>, for commands that write their complaints to stdout (qdel).</summary>
    protected static bool OutputOnlySays(CommandResult result, params string[] harmless)
    {
        ArgumentNullException.ThrowIfNull(result);
        return OnlySays(result.Output, harmless);
    }

    private static bool OnlySays(string text, string[] harmless)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 && lines.All(line => harmless.Any(words => line.Contains(words, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Whether a failed cancel command only complained about jobs that had already ended.</summary>
    protected virtual bool CancelledAnyway(CommandResult result) => false;

    private async Task<CommandResult> RunCommandAsync(string command, CancellationToken cancellationToken)
    {
        try
        {
            return await Channel.ExecuteAsync(command, CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelException exception)
        {
            throw new InvalidOperationException($"The {Name} provider could not run '{command}' ({Channel.Name}): {exception.Message}", exception);
        }
    }

    /// <summary>The channel is the caller's: it may serve several providers, so it is not disposed here.</summary>
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
