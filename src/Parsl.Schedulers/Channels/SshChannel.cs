using Renci.SshNet;
using Renci.SshNet.Common;

namespace Parsl.Channels;

/// <summary>
/// Runs a provider's commands on another machine (a cluster's login node) over SSH, with key authentication, and
/// writes its batch scripts there over SFTP. The host's key must be in <see cref="KnownHostsFile"/> (as <c>ssh</c>
/// would require with <c>StrictHostKeyChecking yes</c>): an unknown or changed key is refused with what to do. One
/// connection is kept for commands and one for files, and made again when it dropped.
/// </summary>
public sealed class SshChannel : IChannel
{
    /// <summary>How long closing the channel waits for connections through its reverse tunnels to end.</summary>
    private static readonly TimeSpan TunnelDrain = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private SshClient? _ssh;
    private SftpClient? _sftp;
    private readonly List<(uint RemotePort, uint LocalPort)> _tunnels = [];
    private string? _refusal;

    /// <summary>A channel to <paramref name="user"/>@<paramref name="host"/>:<paramref name="port"/>.</summary>
    public SshChannel(string host, string user, int port = 22)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        Host = host;
        User = user;
        Port = port;
    }

    /// <summary>The host to connect to.</summary>
    public string Host { get; }

    /// <summary>The user to log in as.</summary>
    public string User { get; }

    /// <summary>The SSH port.</summary>
    public int Port { get; }

    /// <summary>The private key (OpenSSH or PEM format); null for the first of <c>~/.ssh/id_ed25519</c>, <c>id_ecdsa</c>, <c>id_rsa</c> that exists.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The known_hosts file the host's key is checked against; null for <c>~/.ssh/known_hosts</c>.</summary>
    public string? KnownHostsFile { get; init; }

    /// <summary>How long connecting may take, and how long a file transfer waits for the host to answer before it is abandoned.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle connection is checked, so a dropped one is noticed (and made again) before the next command.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public string Name => $"ssh {User}@{Host}:{Port}";

    private static string SshDirectory => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");

    private string KnownHostsPath => KnownHostsFile ?? Path.Combine(SshDirectory, "known_hosts");

    /// <inheritdoc />
    public async ValueTask<CommandResult> ExecuteAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var ssh = await SshAsync(cancellationToken).ConfigureAwait(false);
        using var run = ssh.CreateCommand("bash -c " + ShellCommand.Quote(command));
        run.CommandTimeout = timeout;
        try
        {
            await run.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SshOperationTimeoutException exception)
        {
            throw new ChannelException($"'{command}' did not finish within {timeout.TotalSeconds:0.#} s on {Name} and was abandoned", exception);
        }
        catch (Exception exception) when (exception is SshConnectionException or SshException or ObjectDisposedException or InvalidOperationException)
        {
            // The next call connects again; this one may or may not have run, so it is not repeated (a submission twice is worse).
            throw new ChannelException($"The connection to {Name} dropped while running '{command}' (it may or may not have run): {exception.Message}", exception);
        }
        return new CommandResult(run.ExitStatus ?? -1, run.Result, run.Error);
    }

    /// <inheritdoc />
    public async ValueTask WriteFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await MakeDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        await TransferAsync($"write {path} on {Name}", async sftp =>
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
            await sftp.UploadFileAsync(stream, path, cancellationToken).ConfigureAwait(false);
            sftp.ChangePermissions(path, 700);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask PushFileAsync(string localPath, string remotePath, CancellationToken cancellationToken)
    {
        await MakeDirectoryAsync(remotePath, cancellationToken).ConfigureAwait(false);
        await TransferAsync($"copy {localPath} to {remotePath} on {Name}", async sftp =>
        {
            await using var source = File.OpenRead(localPath);
            await sftp.UploadFileAsync(source, remotePath, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask PullFileAsync(string remotePath, string localPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(localPath))!);
        try
        {
            await TransferAsync($"copy {remotePath} from {Name} to {localPath}", async sftp =>
            {
                await using var target = File.Create(localPath);
                await sftp.DownloadFileAsync(remotePath, target, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelException)
        {
            File.Delete(localPath);
            throw;
        }
    }

    /// <summary>A remote file's size and modification time (UTC), or null when there is no such file.</summary>
    internal async ValueTask<(long Size, DateTime Modified)?> StatAsync(string remotePath, CancellationToken cancellationToken) =>
        await TransferAsync<(long, DateTime)?>($"look at {remotePath} on {Name}", async sftp =>
        {
            try
            {
                var attributes = await sftp.GetAttributesAsync(remotePath, cancellationToken).ConfigureAwait(false);
                return (attributes.Size, attributes.LastWriteTimeUtc);
            }
            catch (SftpPathNotFoundException)
            {
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs one SFTP operation on the file connection. Each of its requests is answered within <see cref="ConnectTimeout"/>
    /// (the client's operation timeout), or the transfer is abandoned: a host that froze keeps its TCP connection open,
    /// and SFTP would wait for it for ever. That connection is dropped, so the next transfer connects again.
    /// <c>what</c> says what is done, for the error ("copy A to B on HOST").
    /// </summary>
    private async Task<T> TransferAsync<T>(string what, Func<SftpClient, Task<T>> transfer, CancellationToken cancellationToken)
    {
        var sftp = await SftpAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await transfer(sftp).ConfigureAwait(false);
        }
        catch (SshOperationTimeoutException exception)
        {
            Interlocked.CompareExchange(ref _sftp, null, sftp);
            sftp.Dispose();
            throw new ChannelException($"Could not {what}: the host did not answer for {ConnectTimeout.TotalSeconds:0.#} s (SshChannel.ConnectTimeout), so it " +
                "or the network may be frozen; the transfer was abandoned, and the next one connects again", exception);
        }
        catch (Exception exception) when (exception is SshException or SshConnectionException or IOException or ObjectDisposedException)
        {
            throw new ChannelException($"Could not {what}: {exception.Message}", exception);
        }
    }

    private async Task MakeDirectoryAsync(string remotePath, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(remotePath);
        if (string.IsNullOrEmpty(directory))
            return;
        var made = await ExecuteAsync("mkdir -p " + ShellCommand.Quote(directory), ConnectTimeout, cancellationToken).ConfigureAwait(false);
        if (made.ExitCode != 0)
            throw new ChannelException($"Could not make the directory {directory} on {Name}: {made.Output}");
    }

    /// <inheritdoc />
    public async ValueTask<string?> ReadTailAsync(string path, int lines, CancellationToken cancellationToken)
    {
        var tail = await ExecuteAsync($"tail -n {lines} {ShellCommand.Quote(path)}", ConnectTimeout, cancellationToken).ConfigureAwait(false);
        return tail.ExitCode == 0 ? tail.Stdout.TrimEnd() : null;
    }

    /// <summary>
    /// The address the far host's end of a reverse tunnel listens on: null for its loopback (only processes on that host
    /// reach the tunnel: managers the login node runs itself); an address of its cluster network, or <c>0.0.0.0</c>, so
    /// that compute nodes reach it too. The far sshd must allow that (<c>GatewayPorts clientspecified</c>); where it does
    /// not, it would listen on loopback anyway, so the tunnel is checked from the far side and refused with a message.
    /// </summary>
    public string? TunnelBindAddress { get; init; }

    /// <summary>The address sshd is asked to listen on for a reverse tunnel.</summary>
    private string BoundAddress => TunnelBindAddress switch
    {
        null => "127.0.0.1",
        "*" => "0.0.0.0",
        var address => address,
    };

    /// <summary>Where managers reach a tunnel this channel opened: the bind address, or this channel's host for a wildcard.</summary>
    public string TunnelHost => TunnelBindAddress switch
    {
        null => "127.0.0.1",
        "0.0.0.0" or "::" or "*" => Host,
        var address => address,
    };

    /// <summary>
    /// Opens a reverse tunnel: connections to <see cref="TunnelHost"/>:port on the far host reach <c>127.0.0.1:</c><paramref name="localPort"/>
    /// here (an interchange its workers cannot reach directly). Returns the far port, chosen free there. The tunnel
    /// lives as long as the channel, and is opened again when the connection is made again.
    /// </summary>
    public async ValueTask<int> OpenReverseTunnelAsync(int localPort, CancellationToken cancellationToken)
    {
        if (TunnelBindAddress is { } address && !System.Net.IPAddress.TryParse(address, out _) && Uri.CheckHostName(address) != UriHostNameType.Dns && address != "*")
            throw new ArgumentException($"TunnelBindAddress '{address}' of {Name} is neither an IP address nor a host name: give the far host's address on its cluster network, or 0.0.0.0.");
        // A free port on the far side, asked of the far side itself (the server may not report one it picks).
        var probe = await ExecuteAsync($"python3 -c 'import socket; s=socket.socket(); s.bind((\"{BoundAddress}\", 0)); print(s.getsockname()[1])' 2>/dev/null " +
            "|| shuf -i 20000-60000 -n 1", ConnectTimeout, cancellationToken).ConfigureAwait(false);
        if (probe.ExitCode != 0 || !uint.TryParse(probe.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var remotePort))
            throw new ChannelException($"Could not find a free port on {Name} for a reverse tunnel: {probe.Output}");
        var ssh = await SshAsync(cancellationToken).ConfigureAwait(false);
        StartTunnel(ssh, remotePort, (uint)localPort);
        lock (_tunnels)
            _tunnels.Add((remotePort, (uint)localPort));
        if (TunnelBindAddress is not null)
            await CheckTunnelAsync(remotePort, cancellationToken).ConfigureAwait(false);
        return (int)remotePort;
    }

    /// <summary>Connects to the tunnel from the far host at the address managers will use; sshd may have bound loopback instead.</summary>
    private async Task CheckTunnelAsync(uint remotePort, CancellationToken cancellationToken)
    {
        // Bash's own /dev/tcp: a login node without python3 would otherwise read as a tunnel on the wrong address.
        var connect = ShellCommand.Quote($"exec 3<>/dev/tcp/{TunnelHost}/{remotePort}");
        var check = await ExecuteAsync($"timeout 5 bash --norc -c {connect}", ConnectTimeout, cancellationToken).ConfigureAwait(false);
        if (check.ExitCode != 0)
            throw new ChannelException($"{Name} opened the reverse tunnel, but not on {TunnelBindAddress} (TunnelBindAddress): nothing answers at " +
                $"{TunnelHost}:{remotePort} there. Its sshd must allow tunnels on other addresses ('GatewayPorts clientspecified' in sshd_config); " +
                $"otherwise leave TunnelBindAddress unset and run the managers on {Host} itself. ({check.Output.Trim()})");
    }

    private void StartTunnel(SshClient ssh, uint remotePort, uint localPort)
    {
        var tunnel = new ForwardedPortRemote(BoundAddress, remotePort, "127.0.0.1", localPort);
        ssh.AddForwardedPort(tunnel);
        try
        {
            tunnel.Start();
        }
        catch (Exception exception) when (exception is SshException or InvalidOperationException)
        {
            throw new ChannelException($"{Name} refused a reverse tunnel from its port {remotePort} (is AllowTcpForwarding off in its sshd_config?): {exception.Message}", exception);
        }
    }

    /// <summary>The channel's command connection, made (again) if it is not open.</summary>
    private Task<SshClient> SshAsync(CancellationToken cancellationToken) =>
        ConnectedAsync(() => _ssh, client => _ssh = (SshClient)client, info => new SshClient(info), cancellationToken);

    /// <summary>The channel's file-transfer connection, made (again) if it is not open.</summary>
    private Task<SftpClient> SftpAsync(CancellationToken cancellationToken) =>
        ConnectedAsync(() => _sftp, client => _sftp = (SftpClient)client, info => new SftpClient(info) { OperationTimeout = ConnectTimeout }, cancellationToken);

    private async Task<T> ConnectedAsync<T>(Func<T?> current, Action<BaseClient> keep, Func<ConnectionInfo, T> create, CancellationToken cancellationToken)
        where T : BaseClient
    {
        if (current() is { IsConnected: true } connected)
            return connected;
        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current() is { IsConnected: true } raced)
                return raced;
            current()?.Dispose();
            var client = create(Connection());
            client.KeepAliveInterval = KeepAliveInterval;
            var hosts = KnownHosts.Load(KnownHostsPath);
            _refusal = null;
            client.HostKeyReceived += (_, e) => e.CanTrust = Trust(hosts, e);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SshException or System.Net.Sockets.SocketException or OperationCanceledException or IOException)
            {
                client.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                throw new ChannelException(_refusal ?? $"Could not connect to {Name}: {exception.Message}", exception);
            }
            if (client is SshClient ssh)
            {
                // A connection made again carries the tunnels again: the managers behind them reconnect to the same port.
                lock (_tunnels)
                {
                    foreach (var (remote, local) in _tunnels)
                        StartTunnel(ssh, remote, local);
                }
            }
            keep(client);
            return client;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private ConnectionInfo Connection()
    {
        var keyFile = KeyFile ?? new[] { "id_ed25519", "id_ecdsa", "id_rsa" }.Select(name => Path.Combine(SshDirectory, name)).FirstOrDefault(File.Exists)
            ?? throw new ChannelException($"No SSH key for {Name}: set SshChannel.KeyFile, or create ~/.ssh/id_ed25519 (ssh-keygen -t ed25519) and add its .pub to the host's authorized_keys.");
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(keyFile);
        }
        catch (Exception exception) when (exception is SshException or IOException or UnauthorizedAccessException)
        {
            throw new ChannelException($"Could not read the SSH key {keyFile} for {Name}: {exception.Message} (a key with a passphrase needs ssh-agent-free use: make one without)", exception);
        }
        return new ConnectionInfo(Host, Port, User, new PrivateKeyAuthenticationMethod(User, key)) { Timeout = ConnectTimeout };
    }

    /// <summary>Whether the host's key is the one known_hosts lists; when not, remembers why, for the connection's error.</summary>
    private bool Trust(KnownHosts hosts, HostKeyEventArgs key)
    {
        var verdict = hosts.Check(Host, Port, key.HostKeyName, key.HostKey);
        var name = Port == 22 ? Host : $"[{Host}]:{Port}";
        _refusal = verdict switch
        {
            HostKeyVerdict.Trusted => null,
            HostKeyVerdict.Unknown => $"The host key of {Name} ({key.HostKeyName} SHA256:{key.FingerPrintSHA256}) is not in {hosts.Path}, so the connection was refused. " +
                $"Check that fingerprint with the cluster's administrators, then trust it: ssh-keyscan -p {Port} -t {key.HostKeyName} {Host} | sed 's/^[^ ]*/{name}/' >> {hosts.Path}",
            HostKeyVerdict.Changed => $"The host key of {Name} has CHANGED: {hosts.Path} lists another {key.HostKeyName} key for {name}, and the host offered SHA256:{key.FingerPrintSHA256}. " +
                "Someone may be intercepting the connection, or the host was reinstalled; the connection was refused. Ask the cluster's administrators before replacing the line.",
            _ => $"The host key of {Name} (SHA256:{key.FingerPrintSHA256}) is revoked in {hosts.Path}; the connection was refused.",
        };
        return verdict == HostKeyVerdict.Trusted;
    }

    /// <summary>Closes the connections.</summary>
    public ValueTask DisposeAsync()
    {
        if (_ssh is { } ssh)
        {
            // Closing stops the reverse tunnels, and SSH.NET waits for the connections through them to end for up to the
            // connection's timeout (ConnectTimeout, 30 s by default): at the end nothing through them is worth that
            // wait, and one the local side never took (its listener gone first) would hold the run's end for all of it.
            ssh.ConnectionInfo.Timeout = TunnelDrain;
            ssh.Dispose();
        }
        _sftp?.Dispose();
        _connecting.Dispose();
        return ValueTask.CompletedTask;
    }
}
