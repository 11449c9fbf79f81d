using System.Globalization;
using Parsl.Channels;

namespace Parsl.Staging;

/// <summary>
/// Fetches and sends <c>sftp://host[:port]/path</c> files over the SSH channels the workflow already holds (an
/// executor's <c>Channel</c>): the connection, its key and its known host are the channel's, so a cluster reached over
/// SSH needs nothing more. A file's version is its size and modification time; a copy from an earlier run with the
/// same is not fetched again.
/// </summary>
/// <example><code>
/// var login = new SshChannel("login.cluster.edu", "alice") { KeyFile = "~/.ssh/id_ed25519" };
/// var config = new ParslConfig
/// {
///     Executors = [new HighThroughputExecutor("cluster") { Provider = new SlurmProvider { Channel = login } }],
///     Staging = [new HttpStaging(), new FtpStaging(), new SftpStaging(login)],
/// };
/// </code></example>
public sealed class SftpStaging : IStagingProvider
{
    private readonly IReadOnlyList<SshChannel> _channels;

    /// <summary>A provider reaching the hosts of <paramref name="channels"/>.</summary>
    public SftpStaging(params IReadOnlyList<SshChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
            throw new ArgumentException("SftpStaging needs the SSH channel of at least one host (an executor's Channel).", nameof(channels));
        _channels = channels;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["sftp"];

    /// <inheritdoc />
    public async Task<string?> StageInAsync(DataFile file, string localPath, string? cachedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var channel = ChannelFor(file);
        var partial = $"{localPath}.{Environment.ProcessId}.part";
        try
        {
            var stat = await channel.StatAsync(file.Path, cancellationToken).ConfigureAwait(false)
                ?? throw new StagingException(file, $"there is no file {file.Path} on {channel.Name}");
            var version = string.Create(CultureInfo.InvariantCulture, $"size={stat.Size};modified={stat.Modified:O}");
            if (version == cachedVersion)
                return cachedVersion;
            await channel.PullFileAsync(file.Path, partial, cancellationToken).ConfigureAwait(false);
            File.Move(partial, localPath, overwrite: true);
            return version;
        }
        catch (ChannelException failure)
        {
            throw new StagingException(file, failure.Message, failure);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <inheritdoc />
    public async Task StageOutAsync(string localPath, DataFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var channel = ChannelFor(file);
        try
        {
            await channel.PushFileAsync(localPath, file.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelException failure)
        {
            throw new StagingException(file, failure.Message, failure);
        }
    }

    /// <summary>The channel to the URL's host and port (22 when it names none), and its user when it names one.</summary>
    private SshChannel ChannelFor(DataFile file)
    {
        var url = new Uri(file.Url);
        var port = url.IsDefaultPort || url.Port < 0 ? 22 : url.Port;
        var user = url.UserInfo.Split(':')[0];
        return _channels.FirstOrDefault(channel =>
                   string.Equals(channel.Host, url.Host, StringComparison.OrdinalIgnoreCase) && channel.Port == port && (user.Length == 0 || channel.User == user))
            ?? throw new StagingException(file,
                $"no SSH channel reaches {(user.Length == 0 ? "" : user + "@")}{url.Host}:{port}; the channels given to SftpStaging are {string.Join(", ", _channels.Select(c => c.Name))}. Pass the channel of the executor that reaches that host.");
    }
}
