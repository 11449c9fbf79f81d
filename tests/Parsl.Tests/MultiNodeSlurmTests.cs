using Parsl.Executors;
using Parsl.Launchers;
using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// Blocks of several nodes on a real Slurm: the 'multi' partition start-slurm.sh makes (three node daemons on this
/// machine, mnode1–3). Managers started by srun on every node of a block; MPI apps launched by srun across the nodes
/// their manager gave them.
/// </summary>
[Collection(SchedulerCollection.Name)]
public sealed class MultiNodeSlurmTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-multinode-").FullName;

    private readonly EventRecorder _events = new();

    private ValueTask<DataFlowKernel> LoadAsync(HighThroughputExecutor executor) => DataFlowKernel.LoadAsync(new ParslConfig
    {
        Executors = [executor],
        RunDirectory = Path.Combine(_scratch, "runinfo"),
        ExitOnCtrlC = false,
        PrintFailureReport = false,
        Observers = [_events],
    });

    [ServiceFact("slurm")]
    public async Task A_three_node_block_starts_one_manager_per_node_with_srun_and_all_of_them_run_tries()
    {
        var executor = new HighThroughputExecutor("multi")
        {
            Provider = new SlurmProvider { Partition = "multi" },
            Launcher = new SrunLauncher(),
            Scaling = new Parsl.Scaling.BlockScaling { NodesPerBlock = 3, InitBlocks = 1, MaxBlocks = 1 },
            MaxWorkersPerNode = 2,
            HeartbeatPeriod = TestTimings.HeartbeatPeriod,
            HeartbeatThreshold = TestTimings.HeartbeatThreshold,
        };
        List<string> nodes;
        await using (var kernel = await LoadAsync(executor))
        {
            // Once all three managers are in, every node's workers take a share.
            await Poll.UntilAsync(() => _events.Events.Count(e => e.Kind == Events.RunEventKind.ManagerConnected) == 3, TimeSpan.FromSeconds(120),
                "three managers, one per node, to connect");
            nodes = [.. await Task.WhenAll(Enumerable.Range(0, 60).Select(i => MultiNodeApps.NodeAsync(i).AsTask()))];
        }

        Assert.Equal(["mnode1", "mnode2", "mnode3"], nodes.Distinct().Order());
    }

    [ServiceFact("slurm")]
    public async Task An_mpi_app_is_launched_by_srun_across_the_two_nodes_its_manager_gave_it()
    {
        var executor = new HighThroughputExecutor("mpi")
        {
            Provider = new SlurmProvider { Partition = "multi" },
            MpiLauncher = MpiLauncher.Srun,
            Scaling = new Parsl.Scaling.BlockScaling { NodesPerBlock = 3, InitBlocks = 1, MaxBlocks = 1 },
            HeartbeatPeriod = TestTimings.HeartbeatPeriod,
            HeartbeatThreshold = TestTimings.HeartbeatThreshold,
        };
        var output = Path.Combine(_scratch, "ranks.txt");
        await using (var kernel = await LoadAsync(executor))
            await MultiNodeApps.RanksAsync(output);

        var ranks = File.ReadAllLines(output);
        Assert.Equal(2, ranks.Length);
        Assert.Equal(2, ranks.Distinct().Count()); // one rank on each of two different nodes
        Assert.All(ranks, node => Assert.Matches("^mnode[1-3]$", node));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
