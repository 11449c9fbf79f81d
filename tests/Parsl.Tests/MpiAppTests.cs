using System.Globalization;
using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>
/// MPI apps on a worker-process executor in MPI mode, run for real with MPICH: a host file naming this machine three
/// times stands for a block of three nodes (PARSL_MPI_HOSTFILE, set by the block's worker_init as a cluster's would).
/// </summary>
public sealed class MpiAppTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-mpi-").FullName;

    private async Task<DataFlowKernel> LoadAsync(MpiLauncher? launcher = MpiLauncher.Mpiexec, IReadOnlyDictionary<string, ResourceSpecification>? resources = null,
        int? gpusPerNode = null, string? workerInit = null, int prefetch = 0, string nodes = "localhost\nlocalhost\nlocalhost\n")
    {
        var hosts = Path.Combine(_scratch, "hosts");
        await File.WriteAllTextAsync(hosts, nodes);
        return await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors =
            [
                new HighThroughputExecutor("mpi")
                {
                    MpiLauncher = launcher,
                    GpusPerNode = gpusPerNode,
                    Prefetch = prefetch,
                    // One machine: MPICH's UCX needs only shared memory, and then does not scan network devices (which
                    // failed now and then with "No such device" while containers came and went beside it).
                    WorkerInit = $"export PARSL_MPI_HOSTFILE='{hosts}' UCX_TLS=self,sm\n{workerInit}",
                    HeartbeatPeriod = TestTimings.HeartbeatPeriod,
                    HeartbeatThreshold = TestTimings.HeartbeatThreshold,
                },
            ],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            PrintFailureReport = false,
            Retries = 0,
            Resources = resources ?? new Dictionary<string, ResourceSpecification>(),
        });
    }

    [ServiceFact("mpich")]
    public async Task An_mpi_program_runs_its_ranks_together_across_the_nodes_it_was_given()
    {
        var program = await CompileAsync();
        var output = Path.Combine(_scratch, "allreduce.txt");
        await using (var kernel = await LoadAsync())
            await MpiApps.AllreduceAsync(program, output);

        // 2 nodes × 2 ranks: MPI_Allreduce of the ranks 0..3 is 6, seen by rank 0, so the four ran as one job.
        Assert.Equal("ranks 4 sum 6", (await File.ReadAllTextAsync(output)).Trim());
    }

    [ServiceFact("mpich")]
    public async Task Each_rank_is_bound_to_the_cores_the_config_gives_it_and_gets_the_gpu_its_attribute_asks_for()
    {
        var program = await CompileAsync("bound", """
            #define _GNU_SOURCE
            #include <mpi.h>
            #include <sched.h>
            #include <stdio.h>
            #include <stdlib.h>
            int main(int argc, char **argv) {
                int rank, cpu, count = 0, first = -1;
                cpu_set_t set;
                MPI_Init(&argc, &argv);
                MPI_Comm_rank(MPI_COMM_WORLD, &rank);
                sched_getaffinity(0, sizeof set, &set);
                for (cpu = 0; cpu < CPU_SETSIZE; cpu++) if (CPU_ISSET(cpu, &set)) { count++; if (first < 0) first = cpu; }
                const char *gpus = getenv("CUDA_VISIBLE_DEVICES");
                printf("rank %d cores %d first %d gpu %s\n", rank, count, first, gpus ? gpus : "none");
                fflush(stdout);
                MPI_Finalize();
                return 0;
            }
            """);
        var output = Path.Combine(_scratch, "bound.txt");
        var configured = new Dictionary<string, ResourceSpecification> { ["Parsl.Tests.MpiApps.Bound"] = new() { CoresPerRank = 1 } };
        await using (var kernel = await LoadAsync(resources: configured))
            await MpiApps.BoundAsync(program, output);

        // -bind-to core:1 pins the two ranks to one core each, different ones; -gpus-per-proc 1 hands each its own GPU.
        var lines = (await File.ReadAllLinesAsync(output)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Matches("^rank 0 cores 1 first [0-9]+ gpu 0$", lines[0]);
        Assert.Matches("^rank 1 cores 1 first [0-9]+ gpu 1$", lines[1]);
        Assert.NotEqual(lines[0].Split(' ')[5], lines[1].Split(' ')[5]);
    }

    [ServiceFact("mpich")]
    public async Task Two_tries_that_each_need_two_of_three_nodes_never_overlap()
    {
        await using (var kernel = await LoadAsync())
            await Task.WhenAll(MpiApps.HoldAsync(_scratch, "a").AsTask(), MpiApps.HoldAsync(_scratch, "b").AsTask());

        var (a, b) = (Interval("a"), Interval("b"));
        Assert.True(a.End <= b.Start || b.End <= a.Start, $"a ran {a.Start}–{a.End} on {a.Nodes}, b {b.Start}–{b.End} on {b.Nodes}: they overlapped");
        Assert.Equal("localhost,localhost", a.Nodes);
    }

    [Fact]
    public async Task With_a_prefetch_one_node_tries_held_behind_running_ones_never_share_a_node()
    {
        // Named nodes (nothing is launched on them), so each try's node can be told apart; with the prefetch the tries
        // beyond the three running wait behind them, each on the node of the one ahead.
        const int Tries = 12;
        await using (var kernel = await LoadAsync(prefetch: 3, nodes: "n1\nn2\nn3\n"))
            await Task.WhenAll(Enumerable.Range(0, Tries).Select(i => MpiApps.HoldOneAsync(_scratch, $"one-{i}").AsTask()));

        var intervals = Enumerable.Range(0, Tries).Select(i => Interval($"one-{i}")).ToList();
        Assert.Equal(["n1", "n2", "n3"], intervals.Select(i => i.Nodes).Distinct().Order());
        foreach (var node in intervals.GroupBy(i => i.Nodes))
        {
            var inTurn = node.OrderBy(i => i.Start).ToList();
            for (var i = 1; i < inTurn.Count; i++)
                Assert.True(inTurn[i - 1].End <= inTurn[i].Start, $"on {node.Key} a try ran {inTurn[i - 1].Start}–{inTurn[i - 1].End} and another from {inTurn[i].Start}: they overlapped");
        }
    }

    [ServiceFact("mpich")]
    public async Task A_try_that_asks_for_more_nodes_than_the_block_has_fails_at_once_with_both_numbers()
    {
        await using var kernel = await LoadAsync();
        var tooBig = MpiApps.HoldAsync(_scratch, "big", new AppCallOptions { Resources = new ResourceSpecification { Nodes = 4 } });

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await tooBig);
        Assert.Contains("asks for 4 nodes, but block 0 has 3 (PARSL_MPI_HOSTFILE", failure.Message, StringComparison.Ordinal);
    }

    [ServiceFact("mpich")]
    public async Task A_try_that_asks_for_more_gpus_per_node_than_the_executor_gives_fails_at_once_with_both_numbers()
    {
        await using var kernel = await LoadAsync(gpusPerNode: 1);
        var fits = MpiApps.HoldAsync(_scratch, "one-gpu", new AppCallOptions { Resources = new ResourceSpecification { GpusPerRank = 1 } });
        var tooMany = MpiApps.HoldAsync(_scratch, "two-gpus", new AppCallOptions { Resources = new ResourceSpecification { GpusPerRank = 2 } });

        // At once: the manager refuses it when it arrives, rather than holding it for nodes that never fit it.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => tooMany.AsTask().WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.IsNotType<TimeoutException>(failure);
        Assert.Contains("asks for 1 ranks per node × 2 GPUs per rank = 2 GPUs per node, but the nodes of block 0 have 1 (the executor's GpusPerNode)",
            failure.Message, StringComparison.Ordinal);
        await fits;
        Assert.True(File.Exists(Path.Combine(_scratch, "hold-one-gpu.txt")));
    }

    [ServiceFact("mpich")]
    public async Task Without_the_executors_count_the_manager_counts_the_gpus_its_node_lists()
    {
        await using var kernel = await LoadAsync(workerInit: "export CUDA_VISIBLE_DEVICES=0");
        var tooMany = MpiApps.HoldAsync(_scratch, "two-gpus", new AppCallOptions { Resources = new ResourceSpecification { GpusPerRank = 2 } });

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => tooMany.AsTask().WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("= 2 GPUs per node, but the nodes of block 0 have 1 (CUDA_VISIBLE_DEVICES=0)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_app_reads_its_shape_and_launch_prefix_from_its_environment()
    {
        await using var kernel = await LoadAsync(MpiLauncher.Srun);
        var shape = await MpiApps.ShapeAsync();

        Assert.Equal("1 3 srun -N 1 -n 3 --ntasks-per-node=3 --nodelist=localhost", shape);
    }

    [Fact]
    public async Task Calling_an_mpi_app_with_no_executor_in_mpi_mode_fails_at_the_call_saying_how_to_turn_it_on()
    {
        await using var kernel = await LoadAsync(launcher: null);

        var failure = Assert.Throws<ArgumentException>(() => MpiApps.ShapeAsync());
        Assert.Contains("Parsl.Tests.MpiApps.Shape (at MpiAppTests.cs:", failure.Message, StringComparison.Ordinal);
        Assert.Contains("is an MPI app's (it asks for 1 nodes, 3 ranks), but executor 'mpi' (HighThroughputExecutor) does not run MPI apps", failure.Message, StringComparison.Ordinal);
        Assert.Contains("MpiLauncher; YAML: mpi_launcher", failure.Message, StringComparison.Ordinal);
    }

    private (double Start, double End, string Nodes) Interval(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(_scratch, $"hold-{name}.txt"));
        var first = lines[0].Split(' ');
        return (double.Parse(first[0], CultureInfo.InvariantCulture), double.Parse(lines[1], CultureInfo.InvariantCulture), first[1]);
    }

    /// <summary>Compiles the MPI program the test runs: every rank contributes its number to an MPI_Allreduce.</summary>
    private Task<string> CompileAsync() => CompileAsync("allreduce", """
        #include <mpi.h>
        #include <stdio.h>
        int main(int argc, char **argv) {
            int rank, size, sum;
            MPI_Init(&argc, &argv);
            MPI_Comm_rank(MPI_COMM_WORLD, &rank);
            MPI_Comm_size(MPI_COMM_WORLD, &size);
            MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
            if (rank == 0) printf("ranks %d sum %d\n", size, sum);
            MPI_Finalize();
            return 0;
        }
        """);

    private async Task<string> CompileAsync(string name, string code)
    {
        var source = Path.Combine(_scratch, name + ".c");
        await File.WriteAllTextAsync(source, code);
        var program = Path.Combine(_scratch, name);
        var compile = await new Parsl.Channels.LocalChannel().ExecuteAsync($"mpicc {source} -o {program}", TimeSpan.FromMinutes(2), CancellationToken.None);
        Assert.True(compile.ExitCode == 0, "mpicc failed: " + compile.Output);
        return program;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
