using Parsl.Channels;
using Parsl.Events;
using Parsl.Staging;

namespace Parsl.Tests;

/// <summary>
/// Files on an SSH host (the sshd that <c>.ci/services/start-sshd.sh</c> runs on loopback) fetched and sent through an
/// <see cref="SshChannel"/>, as a cluster's login node is reached by its executor.
/// </summary>
public sealed class SftpStagingTests : KernelTest
{
    private readonly SshChannel _channel = new("127.0.0.1", "root", 2222)
    {
        KeyFile = Path.Combine(ServiceFactAttribute.SshDirectory, "id_ed25519"),
        KnownHostsFile = Path.Combine(ServiceFactAttribute.SshDirectory, "known_hosts"),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    // The "remote" host is this machine: a folder of its own stands for the far side's file system.
    private readonly string _far = Directory.CreateTempSubdirectory("parsl-sftp-far-").FullName;

    private readonly EventRecorder _events = new();

    protected override ParslConfig Configure(ParslConfig config) => config with { Staging = [new SftpStaging(_channel)], Observers = [_events] };

    [ServiceFact("sshd")]
    public async Task An_app_reads_a_file_fetched_over_the_channel_and_its_result_is_sent_back()
    {
        File.WriteAllText(Path.Combine(_far, "input.txt"), "far away\n");

        var shouted = RemoteFileApps.ShoutAsync(new DataFile($"sftp://127.0.0.1:2222{_far}/input.txt"), new DataFile($"sftp://127.0.0.1:2222{_far}/out/shouted.txt"));
        await shouted.Outputs[0];

        Assert.Equal("FAR AWAY\n", File.ReadAllText(Path.Combine(_far, "out", "shouted.txt")));
        Assert.Contains(_events.Events, e => e.Kind == RunEventKind.StageOutFinished && e.State == TaskState.Done);
    }

    [ServiceFact("sshd")]
    public async Task A_missing_file_and_a_host_without_a_channel_fail_their_readers_saying_which()
    {
        var missing = RemoteFileApps.ReadTextAsync(new DataFile($"sftp://127.0.0.1:2222{_far}/absent.txt"));
        var elsewhere = RemoteFileApps.ReadTextAsync(new DataFile("sftp://cluster.example:22/data/x.txt"));

        var noFile = await Assert.ThrowsAsync<DependencyFailedException>(async () => await missing);
        var noChannel = await Assert.ThrowsAsync<DependencyFailedException>(async () => await elsewhere);

        Assert.Contains($"there is no file {_far}/absent.txt on ssh root@127.0.0.1:2222", noFile.Message);
        Assert.Contains("no SSH channel reaches cluster.example:22; the channels given to SftpStaging are ssh root@127.0.0.1:2222", noChannel.Message);
    }

    [ServiceFact("sshd")]
    public async Task A_later_run_reuses_its_copy_of_an_unchanged_file()
    {
        File.WriteAllText(Path.Combine(_far, "same.txt"), "unchanged");
        var url = $"sftp://127.0.0.1:2222{_far}/same.txt";
        Assert.Equal("unchanged", await RemoteFileApps.ReadTextAsync(new DataFile(url)));
        await Kernel.ShutdownAsync(cancelOutstanding: false);

        var again = new EventRecorder();
        await using (await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = Executors, RunDirectory = Path.GetDirectoryName(Kernel.RunDirectory)!, ExitOnCtrlC = false,
            Staging = [new SftpStaging(_channel)], Observers = [again],
        }))
            Assert.Equal("unchanged", await RemoteFileApps.ReadTextAsync(new DataFile(url)));

        Assert.Equal("unchanged since an earlier run: its copy is reused", again.Events.Single(e => e.Kind == RunEventKind.StageInFinished).Message);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _channel.DisposeAsync();
        Directory.Delete(_far, recursive: true);
    }
}
