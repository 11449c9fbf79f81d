using Parsl.Channels;

namespace Parsl.Tests;

/// <summary>
/// A channel that answers each command from a script of canned results (what a scheduler's tools print), recording the
/// commands and files: for unit tests of the providers' own logic. The real schedulers are exercised in SlurmTests.
/// </summary>
internal sealed class ScriptedChannel : IChannel
{
    private readonly Queue<Func<string, CommandResult>> _answers = new();

    public List<string> Commands { get; } = [];

    public Dictionary<string, string> Files { get; } = [];

    public string Name => "scripted";

    /// <summary>The next command gets this result.</summary>
    public ScriptedChannel Answer(int exitCode, string stdout = "", string stderr = "")
    {
        _answers.Enqueue(_ => new CommandResult(exitCode, stdout, stderr));
        return this;
    }

    /// <summary>The next command fails to run at all (times out, or the connection drops).</summary>
    public ScriptedChannel Fail(string message)
    {
        _answers.Enqueue(_ => throw new ChannelException(message));
        return this;
    }

    public ValueTask<CommandResult> ExecuteAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Commands.Add(command);
        if (!_answers.TryDequeue(out var answer))
            throw new InvalidOperationException($"the test scripted no answer for '{command}'");
        return ValueTask.FromResult(answer(command));
    }

    public ValueTask WriteFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        Files[path] = content;
        return ValueTask.CompletedTask;
    }

    public ValueTask PushFileAsync(string localPath, string remotePath, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask PullFileAsync(string remotePath, string localPath, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask<string?> ReadTailAsync(string path, int lines, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Files.TryGetValue(path, out var content) ? content : null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
