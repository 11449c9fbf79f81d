using System.Text;
using Parsl.Channels;
using Parsl.Events;
using Parsl.Executors;
using Parsl.Providers;
using Parsl.Scaling;
using Parsl.Staging;

namespace Parsl.Tests;

/// <summary>
/// Staging on the node (<see cref="StagingModes.OnWorker"/>): the worker fetches a task's input from a real HTTP server
/// and sends its result to a real FTP server, a local input travels with the try, and the workflow moves no file
/// itself, so the block needs no folder shared with the workflow. On a local block, and on a Slurm block submitted over SSH.
/// </summary>
[Collection(SchedulerCollection.Name)]
public sealed class WorkerStagingTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-worker-staging-").FullName;
    private readonly string _name = "w" + Guid.NewGuid().ToString("N")[..12];

    [ServiceFact("ftp")]
    public Task A_local_blocks_worker_fetches_the_input_and_sends_the_result() =>
        StagesOnTheWorkerAsync(new LocalProvider());

    [ServiceFact("slurm", "sshd", "ftp")]
    public Task A_slurm_block_over_ssh_has_its_worker_fetch_the_input_and_send_the_result() =>
        StagesOnTheWorkerAsync(new SlurmProvider
        {
            Channel = new SshChannel("127.0.0.1", "root", 2222)
            {
                KeyFile = Path.Combine(ServiceFactAttribute.SshDirectory, "id_ed25519"),
                KnownHostsFile = Path.Combine(ServiceFactAttribute.SshDirectory, "known_hosts"),
            },
        });

    [ServiceFact("ftp")]
    public async Task An_ftp_file_whose_provider_logs_in_with_credentials_is_staged_by_the_workflow_not_anonymously_on_the_worker()
    {
        // vsftpd's anonymous user, named: credentials the worker's own provider would not have.
        var pub = Path.Combine(ServiceFactAttribute.FtpDirectory, "pub");
        File.WriteAllText(Path.Combine(pub, _name + ".txt"), "fetched by the workflow\n");
        var recorder = new EventRecorder();
        await using (var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [NodeExecutor(new LocalProvider())],
            Staging = [new HttpStaging(), new FtpStaging { Credentials = new System.Net.NetworkCredential("anonymous", "parsl@example.org") }],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            Observers = [recorder],
        }))
        {
            var input = new DataFile($"ftp://127.0.0.1:2121/pub/{_name}.txt");
            Assert.Equal("fetched by the workflow\n", await RemoteFileApps.ReadTextAsync(input));
            Assert.StartsWith(_scratch, await RemoteFileApps.WhereIsAsync(input)); // the workflow's copy, in its run directory
        }
        Assert.Contains(recorder.Events, e => e.Kind is RunEventKind.StageInStarted);
    }

    private static HighThroughputExecutor NodeExecutor(IExecutionProvider provider) => new("nodes")
    {
        Provider = provider,
        Staging = StagingModes.OnWorker,
        Scaling = new BlockScaling { InitBlocks = 1, MinBlocks = 0, MaxBlocks = 1 },
        MaxWorkersPerNode = 2,
        HeartbeatPeriod = TestTimings.HeartbeatPeriod,
        HeartbeatThreshold = TestTimings.HeartbeatThreshold,
        MaxBlockStartFailures = 1,
    };

    private async Task StagesOnTheWorkerAsync(IExecutionProvider provider)
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/input.txt"] = Encoding.UTF8.GetBytes("fetched on the node\n");
        var recorder = new EventRecorder();
        var upload = Path.Combine(ServiceFactAttribute.FtpDirectory, "upload", _name);
        var stagingFolder = "";
        await using (var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [NodeExecutor(provider)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            Observers = [recorder],
        }))
        {
            var input = new DataFile(server.BaseUrl + "/input.txt");
            var where = RemoteFileApps.WhereIsAsync(input);
            var shouted = RemoteFileApps.ShoutAsync(input, new DataFile($"ftp://127.0.0.1:2121/upload/{_name}/shouted.txt"));
            var sent = await shouted.Outputs[0];

            // The worker read its own copy, in its block's staging folder in the node's temporary folder, not one in the
            // workflow's run directory. The folder is its user's alone: nobody else on the node can plant a file there.
            var copy = await where;
            stagingFolder = StagingFolderOf(copy);
            if (!OperatingSystem.IsWindows()) // workers run on Linux nodes; the guard is for the analyzer
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(stagingFolder));
            Assert.DoesNotContain(_scratch, copy);
            Assert.Null(sent.LocalCopy);
            Assert.Equal("FETCHED ON THE NODE\n", File.ReadAllText(Path.Combine(upload, "shouted.txt")));

            // A local file of the workflow's travels with the try: the worker reads its own copy.
            var local = Path.Combine(_scratch, "local-input.txt");
            File.WriteAllText(local, "carried to the node\n");
            Assert.Equal("carried to the node\n", await RemoteFileApps.ReadTextAsync(new DataFile(local)));
            var localCopy = await RemoteFileApps.WhereIsAsync(new DataFile(local));
            Assert.StartsWith(Path.Combine(stagingFolder, "local") + Path.DirectorySeparatorChar, localCopy, StringComparison.Ordinal);
            Assert.EndsWith("local-input.txt", localCopy);

            // One too large to carry fails its task at once, saying where to put it instead.
            var large = Path.Combine(_scratch, "large.dat");
            using (var sparse = File.Create(large))
                sparse.SetLength(17 << 20);
            var tooLarge = await Assert.ThrowsAnyAsync<Exception>(async () => await RemoteFileApps.WhereIsAsync(new DataFile(large)));
            Assert.Contains($"{large} has 17,825,792 bytes, more than the 16 MiB a task carries", tooLarge.Message);

            // A download the worker could not make fails its try, with the server's answer.
            var missing = new DataFile(server.BaseUrl + "/absent.txt");
            var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await RemoteFileApps.ReadTextAsync(missing));
            Assert.Contains($"staging {missing.Url} failed: 404 Not Found", failure.Message);
        }
        Assert.DoesNotContain(recorder.Events, e => e.Kind is RunEventKind.StageInStarted or RunEventKind.StageOutStarted);
        Assert.False(Directory.Exists(stagingFolder), $"the block's staging folder {stagingFolder} outlived the run");
        Assert.InRange(server.Requests["/input.txt"], 1, 2); // once per worker process that read it
    }

    private static string StagingFolderOf(string copy)
    {
        for (var folder = Path.GetDirectoryName(copy); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (Path.GetFileName(folder).StartsWith("parsl-staging-", StringComparison.Ordinal))
                return folder;
        }
        throw new Xunit.Sdk.XunitException($"the worker's copy {copy} is in no block staging folder (parsl-staging-…)");
    }

    // IDisposable: xunit v2 never calls a test class's IAsyncDisposable.DisposeAsync (the folders stayed behind).
    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
