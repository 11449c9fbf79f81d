using System.Diagnostics;
using Parsl.Channels;
using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// The SSH channel against the real OpenSSH server that <c>.ci/run</c> starts on 127.0.0.1:2222
/// (<c>.ci/services/start-sshd.sh</c>): commands, files, host-key checking, reconnecting, and Slurm blocks submitted
/// through it as in the seed's config.
/// </summary>
[Collection(SchedulerCollection.Name)]
public sealed class SshChannelTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-ssh-").FullName;

    private static SshChannel Channel(string? knownHosts = null) => new("127.0.0.1", "root", 2222)
    {
        KeyFile = Path.Combine(ServiceFactAttribute.SshDirectory, "id_ed25519"),
        KnownHostsFile = knownHosts ?? Path.Combine(ServiceFactAttribute.SshDirectory, "known_hosts"),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [ServiceFact("sshd")]
    public async Task Commands_run_with_bash_and_return_exit_code_stdout_and_stderr()
    {
        await using var ssh = Channel();

        var result = await ssh.ExecuteAsync("echo out; echo err >&2; for i in 1 2; do echo $i; done; exit 7", TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("out\n1\n2\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Equal("ssh root@127.0.0.1:2222", ssh.Name);
    }

    [ServiceFact("sshd")]
    public async Task Files_are_written_over_sftp_with_their_directories_and_read_back_by_their_tail()
    {
        await using var ssh = Channel();
        var path = Path.Combine(_scratch, "deep", "er", "job.sh");

        await ssh.WriteFileAsync(path, "#!/bin/bash\necho one\necho two\n", CancellationToken.None);

        Assert.Equal("#!/bin/bash\necho one\necho two\n", await File.ReadAllTextAsync(path));
        Assert.Equal("700", Output($"stat -c %a {path}").Trim());
        Assert.Equal("echo one\necho two", await ssh.ReadTailAsync(path, 2, CancellationToken.None));
        Assert.Null(await ssh.ReadTailAsync(Path.Combine(_scratch, "missing"), 2, CancellationToken.None));
    }

    [ServiceFact("sshd")]
    public async Task Files_are_pushed_and_pulled_over_sftp_byte_for_byte()
    {
        await using var ssh = Channel();
        var data = new byte[1 << 20];
        new Random(5).NextBytes(data);
        var local = Path.Combine(_scratch, "data.bin");
        await File.WriteAllBytesAsync(local, data);

        await ssh.PushFileAsync(local, Path.Combine(_scratch, "far", "data.bin"), CancellationToken.None);
        await ssh.PullFileAsync(Path.Combine(_scratch, "far", "data.bin"), Path.Combine(_scratch, "back", "data.bin"), CancellationToken.None);

        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_scratch, "back", "data.bin")));
        var missing = await Assert.ThrowsAsync<ChannelException>(() => ssh.PullFileAsync(Path.Combine(_scratch, "nope"), Path.Combine(_scratch, "x"), CancellationToken.None).AsTask());
        Assert.Contains("nope", missing.Message);
    }

    [ServiceFact("sshd")]
    public async Task A_host_key_missing_from_known_hosts_is_refused_with_how_to_trust_it()
    {
        var empty = Path.Combine(_scratch, "known_hosts");
        await File.WriteAllTextAsync(empty, "");
        await using var ssh = Channel(empty);

        var refusal = await Assert.ThrowsAsync<ChannelException>(() => ssh.ExecuteAsync("true", TimeSpan.FromSeconds(10), CancellationToken.None).AsTask());

        Assert.Contains("is not in " + empty, refusal.Message);
        Assert.Contains("SHA256:", refusal.Message);
        Assert.Contains("ssh-keyscan -p 2222 -t ssh-ed25519 127.0.0.1", refusal.Message);
    }

    [ServiceFact("sshd")]
    public async Task A_changed_host_key_is_refused_and_called_so()
    {
        var other = Path.Combine(_scratch, "other_key");
        Run($"ssh-keygen -q -t ed25519 -N '' -f {other}");
        var key = (await File.ReadAllTextAsync(other + ".pub")).Split(' ');
        var known = Path.Combine(_scratch, "known_hosts");
        await File.WriteAllTextAsync(known, $"[127.0.0.1]:2222 {key[0]} {key[1]}\n");
        await using var ssh = Channel(known);

        var refusal = await Assert.ThrowsAsync<ChannelException>(() => ssh.ExecuteAsync("true", TimeSpan.FromSeconds(10), CancellationToken.None).AsTask());

        Assert.Contains("CHANGED", refusal.Message);
    }

    [ServiceFact("sshd")]
    public async Task The_connection_is_reused_and_made_again_after_it_dropped()
    {
        await using var ssh = Channel();
        var first = (await ssh.ExecuteAsync("echo $PPID", TimeSpan.FromSeconds(10), CancellationToken.None)).Stdout.Trim();
        var second = (await ssh.ExecuteAsync("echo $PPID", TimeSpan.FromSeconds(10), CancellationToken.None)).Stdout.Trim();
        Assert.Equal(first, second); // both commands ran under the server process of one connection
        var sessionsBefore = SessionProcesses();

        // Kill the server's processes for that connection, as a dropped network would end it.
        foreach (var pid in sessionsBefore)
            Run($"kill -9 {pid}");
        await Poll.UntilAsync(() => SessionProcesses().Count == 0, "the connection's server processes to end");

        var after = await ssh.ExecuteAsync("echo $PPID", TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(0, after.ExitCode);
        Assert.NotEqual(first, after.Stdout.Trim()); // a new connection
    }

    [ServiceFact("sshd")]
    public async Task A_transfer_from_a_host_that_froze_is_abandoned_saying_so_and_the_next_one_connects_again()
    {
        await using var relay = new FreezableRelay(2222);
        var knownHosts = Path.Combine(_scratch, "known_hosts");
        await File.WriteAllTextAsync(knownHosts, (await File.ReadAllLinesAsync(Path.Combine(ServiceFactAttribute.SshDirectory, "known_hosts")))
            .First(line => line.StartsWith("[127.0.0.1]:2222 ", StringComparison.Ordinal)).Replace("]:2222 ", $"]:{relay.Port} ", StringComparison.Ordinal) + "\n");
        await using var ssh = new SshChannel("127.0.0.1", "root", relay.Port)
        {
            KeyFile = Path.Combine(ServiceFactAttribute.SshDirectory, "id_ed25519"), KnownHostsFile = knownHosts, ConnectTimeout = TimeSpan.FromSeconds(3),
        };
        var remote = Path.Combine(_scratch, "far.bin");
        await File.WriteAllBytesAsync(remote, new byte[256 * 1024]);
        await ssh.PullFileAsync(remote, Path.Combine(_scratch, "first.bin"), CancellationToken.None); // the file connection is open

        relay.Freeze();
        var frozen = Path.Combine(_scratch, "frozen.bin");
        using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(60)));
        var failure = await Assert.ThrowsAsync<ChannelException>(() => ssh.PullFileAsync(remote, frozen, CancellationToken.None).AsTask().WaitAsync(timeout.Token));
        relay.Thaw();

        // It used to wait for the frozen host for ever (SFTP has no timeout of its own).
        Assert.StartsWith($"Could not copy {remote} from ssh root@127.0.0.1:{relay.Port} to {frozen}: the host did not answer for 3 s (SshChannel.ConnectTimeout)", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(frozen));
        var again = Path.Combine(_scratch, "again.bin");
        await ssh.PullFileAsync(remote, again, CancellationToken.None);
        Assert.Equal(256 * 1024, new FileInfo(again).Length);
    }

    [ServiceFact("sshd", "slurm")]
    public async Task Slurm_blocks_are_submitted_through_the_ssh_channel()
    {
        await using var run = new SchedulerRun(workerInit => new SlurmProvider { Channel = Channel(), WorkerInit = workerInit }, SlurmTests.LiveJobsAsync);
        await run.ScalesOutToTwoJobsAndLeavesNothingQueuedAsync();
    }

    [ServiceFact("sshd", "slurm")]
    public async Task Managers_reach_the_interchange_through_a_reverse_tunnel_of_the_ssh_channel()
    {
        var htex = new Parsl.Executors.HighThroughputExecutor("tunnel")
        {
            Provider = new SlurmProvider { Channel = Channel() },
            TunnelThroughChannel = true,
            Scaling = new Parsl.Scaling.BlockScaling { InitBlocks = 1, MinBlocks = 0, MaxBlocks = 1 },
            MaxWorkersPerNode = 1,
            ScalingInterval = TimeSpan.FromMilliseconds(500),
        };
        var kernel = await DataFlowKernel.LoadAsync(new ParslConfig { Executors = [htex], RunDirectory = Path.Combine(_scratch, "runinfo"), ExitOnCtrlC = false });
        try
        {
            Assert.Equal(9, await HtexApps.SquareAsync(3));

            var script = await File.ReadAllTextAsync(Directory.GetFiles(_scratch, "*.sh", SearchOption.AllDirectories).Single());
            var port = System.Text.RegularExpressions.Regex.Match(script, @"--interchange 127\.0\.0\.1:(\d+)").Groups[1].Value;
            Assert.NotEqual("", port);
            Assert.NotEqual(htex.InterchangePort.ToString(), port); // the managers were given the tunnel's far end
        }
        finally
        {
            await kernel.DisposeAsync();
        }
        await Poll.UntilAsync(() => WorkerProcesses.Remaining(_scratch).Count == 0, TimeSpan.FromSeconds(30),
            "every manager and worker of the run to end: " + string.Join("; ", WorkerProcesses.Remaining(_scratch)));
    }

    /// <summary>The per-connection processes of the test server (children of its listener), for dropping connections.</summary>
    private static List<int> SessionProcesses()
    {
        var listener = File.ReadAllText(Path.Combine(ServiceFactAttribute.SshDirectory, "sshd.pid")).Trim();
        return [.. Output($"pgrep -P {listener} || true").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
    }

    private static void Run(string command) => Output(command);

    private static string Output(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/bash", ["-c", command]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"'{command}' failed");
        return output;
    }

    [ServiceFact("sshd")]
    public async Task Closing_a_channel_does_not_wait_for_a_tunnelled_connection_that_nobody_took()
    {
        // A listener that never accepts, as an interchange already stopped; the channel's tunnel check connects through
        // the tunnel and leaves such a connection behind, with the connection's timeout far beyond the test's patience.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var channel = new SshChannel("127.0.0.1", "root", 2222)
        {
            KeyFile = Path.Combine(ServiceFactAttribute.SshDirectory, "id_ed25519"),
            KnownHostsFile = Path.Combine(ServiceFactAttribute.SshDirectory, "known_hosts"),
            ConnectTimeout = TimeSpan.FromMinutes(10),
            TunnelBindAddress = "127.0.0.2",
        };
        await channel.OpenReverseTunnelAsync(((System.Net.IPEndPoint)listener.LocalEndpoint).Port, CancellationToken.None);

        var closing = Task.Run(() => channel.DisposeAsync().AsTask()); // it blocks while it waits

        // SSH.NET waits up to the connection's timeout for it: 10 minutes before the fix, about a second after.
        Assert.Same(closing, await Task.WhenAny(closing, Task.Delay(TestTimings.Scaled(TimeSpan.FromSeconds(30)))));
        await closing;
    }

    [ServiceFact("sshd")]
    public async Task A_reverse_tunnel_listens_where_it_is_told_or_on_the_far_loopback_and_a_nonsense_address_is_refused()
    {
        // What managers connect to: a listener here, reached through the far side's end of the tunnel.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var localPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        // 127.0.0.2 stands for the login node's cluster address: this sshd allows it (GatewayPorts clientspecified).
        await using var wide = new SshChannel("127.0.0.1", "root", 2222)
        {
            KeyFile = Path.Combine(ServiceFactAttribute.SshDirectory, "id_ed25519"),
            KnownHostsFile = Path.Combine(ServiceFactAttribute.SshDirectory, "known_hosts"),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            TunnelBindAddress = "127.0.0.2",
        };
        var port = await wide.OpenReverseTunnelAsync(localPort, CancellationToken.None);
        Assert.Equal("127.0.0.2", wide.TunnelHost);
        using (var client = new System.Net.Sockets.TcpClient())
        {
            var accepted = listener.AcceptTcpClientAsync();
            await client.ConnectAsync("127.0.0.2", port);
            using var far = await accepted.WaitAsync(TestTimings.Scaled(TimeSpan.FromSeconds(30)));
        }

        // Without a bind address the tunnel stays on the far host's loopback: 127.0.0.2 does not answer.
        await using var narrow = Channel();
        var loopbackPort = await narrow.OpenReverseTunnelAsync(localPort, CancellationToken.None);
        Assert.Equal("127.0.0.1", narrow.TunnelHost);
        using (var client = new System.Net.Sockets.TcpClient())
            await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync("127.0.0.2", loopbackPort));

        // An sshd with its default 'GatewayPorts no' (the twin on 2223) puts the tunnel on loopback whatever it is asked:
        // checked from the far side, and refused with the setting to change, instead of managers that never connect.
        await using var strict = new SshChannel("127.0.0.1", "root", 2223)
        {
            KeyFile = Path.Combine(ServiceFactAttribute.SshDirectory, "id_ed25519"),
            KnownHostsFile = Path.Combine(ServiceFactAttribute.SshDirectory, "known_hosts"),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            TunnelBindAddress = "127.0.0.2",
        };
        var refused = await Assert.ThrowsAsync<ChannelException>(() => strict.OpenReverseTunnelAsync(localPort, CancellationToken.None).AsTask());
        Assert.Contains("not on 127.0.0.2 (TunnelBindAddress): nothing answers at 127.0.0.2:", refused.Message);
        Assert.Contains("'GatewayPorts clientspecified' in sshd_config", refused.Message);

        // Nonsense is refused before anything is asked of the far side.
        await using var bad = new SshChannel("127.0.0.1", "root", 2222) { TunnelBindAddress = "0.0.0.0; rm -rf /" };
        var refusal = await Assert.ThrowsAsync<ArgumentException>(() => bad.OpenReverseTunnelAsync(localPort, CancellationToken.None).AsTask());
        Assert.StartsWith("TunnelBindAddress '0.0.0.0; rm -rf /' of ssh root@127.0.0.1:2222 is neither an IP address nor a host name", refusal.Message);
    }
}
