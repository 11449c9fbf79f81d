using Parsl.Executors;
using Parsl.Executors.HighThroughput;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Tests;

/// <summary>MPI mode's own logic: the batch systems' node lists, the node accounting, the launch prefixes, the shapes.</summary>
public sealed class MpiPlacementTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-mpi-unit-").FullName;

    [Theory]
    [InlineData("node[01-04,07]", "node01 node02 node03 node04 node07")]
    [InlineData("nid00[8-9],login1", "nid008 nid009 login1")]
    [InlineData("gpu[1-2]x[3,05]", "gpu1x3 gpu1x05 gpu2x3 gpu2x05")]
    [InlineData("rack[1-2]-n[9-10]", "rack1-n9 rack1-n10 rack2-n9 rack2-n10")]
    [InlineData("single", "single")]
    [InlineData("a,b , c", "a b c")]
    public void Slurm_node_lists_expand_their_ranges_keeping_leading_zeros(string list, string nodes) =>
        Assert.Equal(nodes.Split(' '), BlockNodes.ExpandSlurm(list));

    [Theory]
    [InlineData("node[01-")]
    [InlineData("node[4-2]")]
    [InlineData("node[a-b]")]
    public void A_malformed_slurm_node_list_names_the_list_and_the_bad_part(string list)
    {
        var error = Assert.Throws<FormatException>(() => BlockNodes.ExpandSlurm(list));
        Assert.Contains($"Slurm node list '{list}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_batch_systems_node_list_is_read_in_its_own_format()
    {
        var pbs = Write("pbs", "n1\nn1\nn1\nn2\nn2\n");
        var sge = Write("sge", "n3 4 all.q@n3 UNDEFINED\nn4 4 all.q@n4 UNDEFINED\n");
        var hosts = Write("hosts", "# two nodes, one named twice\nlocalhost:2\nlocalhost:2\nother slots=4\n\n");

        Assert.Equal(["n1", "n2"], Discover(("PBS_NODEFILE", pbs)));
        Assert.Equal(["n3", "n4"], Discover(("PE_HOSTFILE", sge)));
        Assert.Equal(["h1", "h2"], Discover(("LSB_MCPU_HOSTS", "h1 16 h2 16")));
        Assert.Equal(["h1", "h2"], Discover(("LSB_HOSTS", "h1 h1 h2 h2")));
        Assert.Equal(["c01", "c02"], Discover(("SLURM_JOB_NODELIST", "c[01-02]")));
        Assert.Equal(["localhost", "localhost", "other"], Discover(("PARSL_MPI_HOSTFILE", hosts), ("SLURM_JOB_NODELIST", "ignored")));
        Assert.Equal([Environment.MachineName], Discover());
    }

    [Fact]
    public void Two_tries_that_each_need_two_of_three_nodes_take_turns_and_a_one_node_try_fills_the_gap()
    {
        var refused = new List<string>();
        var workers = Enumerable.Range(0, 3).Select(i => new WorkerSlot(i) { Ready = true }).ToArray();
        var pool = new NodePool(["n1", "n2", "n3"]);
        var assignment = new WorkAssignment(workers, prefetch: 0, Placement(pool), (d, why) => refused.Add(why));
        assignment.Add(Try(1, nodes: 2));
        assignment.Add(Try(2, nodes: 2));
        assignment.Add(Try(3, nodes: 1));
        assignment.Add(Try(4, nodes: 5));

        Assert.True(assignment.TryTake(workers[0], out var first));
        Assert.Equal(1, first.DispatchId);
        Assert.Equal("n1,n2", Variable(first, "PARSL_MPI_NODELIST"));
        Assert.False(assignment.TryTake(workers[0], out _)); // without a prefetch a worker holds one MPI try at a time
        Assert.True(assignment.TryTake(workers[1], out var filler)); // try 2 does not fit yet; try 3 does
        Assert.Equal((3L, "n3"), (filler.DispatchId, Variable(filler, "PARSL_MPI_NODELIST")));
        Assert.False(assignment.TryTake(workers[2], out _)); // nothing fits now; the try that never can is refused on the way
        Assert.Single(refused, why => why.Contains("Task 4 (Demo.App) asks for 5 nodes, but block 0 has 3 (test)", StringComparison.Ordinal));
        Assert.Equal(0, pool.Free);

        Assert.NotNull(assignment.Finished(workers[0], 1));
        Assert.True(assignment.TryTake(workers[2], out var second));
        Assert.Equal((2L, "n1,n2"), (second.DispatchId, Variable(second, "PARSL_MPI_NODELIST")));
        Assert.True(File.Exists(Variable(second, "PARSL_MPI_HOSTFILE")));
        Assert.Equal(["n1:1", "n2:1"], File.ReadAllLines(Variable(second, "PARSL_MPI_HOSTFILE")));

        // A worker that dies gives its nodes back.
        assignment.WorkerLost(workers[2]);
        Assert.Equal(2, pool.Free);
        Assert.False(File.Exists(Variable(second, "PARSL_MPI_HOSTFILE")));
    }

    [Theory]
    [InlineData(MpiLauncher.Mpiexec, "mpiexec -n 6 -ppn 3 -f /tmp/h")]
    [InlineData(MpiLauncher.OpenMpi, "mpiexec -n 6 --map-by ppr:3:node --hostfile /tmp/h")]
    [InlineData(MpiLauncher.Srun, "srun -N 2 -n 6 --ntasks-per-node=3 --nodelist=a,b")]
    [InlineData(MpiLauncher.Aprun, "aprun -n 6 -N 3 -L a,b")]
    public void Each_launcher_gets_its_own_prefix(MpiLauncher launcher, string prefix) =>
        Assert.Equal(prefix, MpiLaunch.Prefix(launcher, ["a", "b"], new MpiShape(2, 3, 6), "/tmp/h"));

    [Theory]
    [InlineData(MpiLauncher.Mpiexec, 0, "mpiexec -n 6 -ppn 3 -bind-to core:4 -f /tmp/h")]
    [InlineData(MpiLauncher.Mpiexec, 2, "mpiexec -n 6 -ppn 3 -bind-to core:4 -gpus-per-proc 2 -f /tmp/h")]
    [InlineData(MpiLauncher.OpenMpi, 0, "mpiexec -n 6 --map-by ppr:3:node:PE=4 --hostfile /tmp/h")]
    [InlineData(MpiLauncher.Srun, 2, "srun -N 2 -n 6 --ntasks-per-node=3 --cpus-per-task=4 --gpus-per-task=2 --nodelist=a,b")]
    [InlineData(MpiLauncher.Aprun, 0, "aprun -n 6 -N 3 -d 4 -L a,b")]
    public void Cores_and_gpus_per_rank_reach_each_launchers_own_options(MpiLauncher launcher, int gpus, string prefix) =>
        Assert.Equal(prefix, MpiLaunch.Prefix(launcher, ["a", "b"], new MpiShape(2, 3, 6, CoresPerRank: 4, GpusPerRank: gpus), "/tmp/h"));

    [Fact]
    public void A_try_that_asks_for_more_cores_per_node_than_a_node_has_is_refused_with_the_sum_and_the_nodes_cores()
    {
        var placement = Placement(new NodePool(["n1", "n2"]));

        Assert.Null(placement.Impossible(Try(1, nodes: 2) with { RanksPerNode = 4, CoresPerRank = 2 }));
        Assert.Equal("Task 2 (Demo.App) asks for 4 ranks per node × 3 cores per rank = 12 cores per node, but the nodes of block 0 have 8. " +
            "Ask for fewer ranks per node (and more nodes) or fewer cores per rank, or get larger nodes from the provider.",
            placement.Impossible(Try(2, nodes: 2) with { RanksPerNode = 4, CoresPerRank = 3 }));
        var placed = placement.TryPlace(Try(3, nodes: 1) with { RanksPerNode = 2, Ranks = 2, CoresPerRank = 4, GpusPerRank = 1 })!;
        Assert.Equal("4", Variable(placed, "PARSL_CORES_PER_RANK"));
        Assert.Equal("1", Variable(placed, "PARSL_GPUS_PER_RANK"));
        Assert.Contains("-bind-to core:4 -gpus-per-proc 1", Variable(placed, "PARSL_MPI_PREFIX"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_try_that_asks_for_more_gpus_per_node_than_a_node_has_is_refused_with_the_sum_and_where_the_count_came_from()
    {
        var placement = Placement(new NodePool(["n1", "n2"]), new NodeGpus(2, "CUDA_VISIBLE_DEVICES=0,1"));

        Assert.Null(placement.Impossible(Try(1, nodes: 2) with { RanksPerNode = 2, GpusPerRank = 1 }));
        Assert.Null(placement.Impossible(Try(2, nodes: 1) with { GpusPerRank = 2 }));
        Assert.Equal("Task 3 (Demo.App) asks for 2 ranks per node × 2 GPUs per rank = 4 GPUs per node, but the nodes of block 0 have 2 (CUDA_VISIBLE_DEVICES=0,1). " +
            "Ask for fewer ranks per node (and more nodes) or fewer GPUs per rank, set the executor's GpusPerNode (YAML: gpus_per_node) if that count is wrong, " +
            "or get nodes with more GPUs from the provider.",
            placement.Impossible(Try(3, nodes: 1) with { RanksPerNode = 2, GpusPerRank = 2 }));
        Assert.Contains("asks for 1 ranks per node × 3 GPUs per rank = 3 GPUs per node", placement.Impossible(Try(4, nodes: 1) with { GpusPerRank = 3 }), StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_without_gpus_refuse_only_the_tries_that_ask_for_some()
    {
        var placement = Placement(new NodePool(["n1"]), new NodeGpus(0, "SLURM_GPUS_ON_NODE"));

        Assert.Null(placement.Impossible(Try(1, nodes: 1) with { RanksPerNode = 4 }));
        Assert.Contains("= 1 GPUs per node, but the nodes of block 0 have 0 (SLURM_GPUS_ON_NODE)", placement.Impossible(Try(2, nodes: 1) with { GpusPerRank = 1 }), StringComparison.Ordinal);
    }

    [Fact]
    public void When_nothing_says_how_many_gpus_a_node_has_no_try_is_refused_for_its_gpus() =>
        Assert.Null(Placement(new NodePool(["n1"]), new NodeGpus(null, "nothing said")).Impossible(Try(1, nodes: 1) with { RanksPerNode = 4, GpusPerRank = 8 }));

    [Theory]
    [InlineData(null, null, null, 1, 1, 1)]
    [InlineData(2, null, null, 2, 1, 2)]
    [InlineData(2, 4, null, 2, 4, 8)]
    [InlineData(2, null, 5, 2, 3, 5)]
    [InlineData(null, null, 4, 1, 4, 4)]
    public void A_calls_shape_fills_in_what_it_does_not_say(int? nodes, int? perNode, int? ranks, int n, int ppn, int r) =>
        Assert.Equal(new MpiShape(n, ppn, r), new ResourceSpecification { Nodes = nodes, RanksPerNode = perNode, Ranks = ranks }.Mpi("app"));

    [Fact]
    public void Cores_or_gpus_per_rank_alone_make_a_one_rank_mpi_call()
    {
        var spec = new ResourceSpecification { CoresPerRank = 4 };
        Assert.True(spec.IsMpi());
        Assert.Equal(new MpiShape(1, 1, 1, CoresPerRank: 4), spec.Mpi("app"));
    }

    [Fact]
    public void A_shape_that_cannot_be_says_why_and_what_to_change()
    {
        Assert.Contains("app asks for 0 Nodes", Assert.Throws<ArgumentException>(() => new ResourceSpecification { Nodes = 0 }.Mpi("app")).Message, StringComparison.Ordinal);
        Assert.Contains("app asks for -1 GpusPerRank", Assert.Throws<ArgumentException>(() => new ResourceSpecification { GpusPerRank = -1 }.Mpi("app")).Message, StringComparison.Ordinal);
        Assert.Contains("9 ranks on 2 node(s) of 4 ranks each (8 at most)",
            Assert.Throws<ArgumentException>(() => new ResourceSpecification { Nodes = 2, RanksPerNode = 4, Ranks = 9 }.Mpi("app")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_attribute_gives_every_call_its_shape_the_config_overrides_it_and_a_call_overrides_both_field_by_field()
    {
        var app = AppRegistry.Find("Parsl.Tests.MpiApps.Allreduce")!;
        Assert.Equal(new MpiShape(2, 2, 4), app.Resources!.Mpi(app.Id));
        Assert.Equal(new MpiShape(3, 2, 6), ResourceSpecification.Merge(app.Resources, new ResourceSpecification { Nodes = 3 })!.Mpi(app.Id));
        var configured = new ResourceSpecification { Nodes = 3, CoresPerRank = 2 };
        Assert.Equal(new MpiShape(3, 2, 6, CoresPerRank: 2), ResourceSpecification.Merge(app.Resources, configured, call: null)!.Mpi(app.Id));
        Assert.Equal(new MpiShape(3, 1, 3, CoresPerRank: 2), ResourceSpecification.Merge(app.Resources, configured, new ResourceSpecification { RanksPerNode = 1 })!.Mpi(app.Id));
    }

    [Fact]
    public void An_attribute_gives_gpus_per_rank()
    {
        Assert.Equal(new ResourceSpecification { Nodes = 1, RanksPerNode = 2, GpusPerRank = 1 }, AppRegistry.Find("Parsl.Tests.MpiApps.Bound")!.Resources);
    }

    [Fact]
    public void With_a_prefetch_the_next_try_waits_behind_a_running_one_on_its_nodes_and_gets_them_as_it_ends()
    {
        var workers = Enumerable.Range(0, 2).Select(i => new WorkerSlot(i) { Ready = true }).ToArray();
        var pool = new NodePool(["n1", "n2"]);
        var assignment = new WorkAssignment(workers, prefetch: 2, Placement(pool));
        foreach (var id in new long[] { 1, 2, 3, 4 })
            assignment.Add(Try(id, nodes: 1));

        // While a node is free no try waits behind another: the idle worker takes it.
        Assert.True(assignment.TryTake(workers[0], out var first));
        Assert.False(assignment.TryTake(workers[0], out _));
        Assert.True(assignment.TryTake(workers[1], out var second));
        Assert.Equal(("n1", "n2"), (Variable(first, "PARSL_MPI_NODELIST"), Variable(second, "PARSL_MPI_NODELIST")));

        // None free: the next tries wait behind the running ones, on their nodes, one each.
        Assert.True(assignment.TryTake(workers[0], out var third));
        Assert.True(assignment.TryTake(workers[1], out var fourth));
        Assert.False(assignment.TryTake(workers[0], out _));
        Assert.Equal(("n1", "n2"), (Variable(third, "PARSL_MPI_NODELIST"), Variable(fourth, "PARSL_MPI_NODELIST")));
        Assert.Equal(0, pool.Free);

        // The node passes from the one ahead to the one behind, never free in between; the host file of the one that
        // ended goes, the one behind keeps its own.
        Assert.NotNull(assignment.Finished(workers[0], 1));
        Assert.Equal(0, pool.Free);
        Assert.False(File.Exists(Variable(first, "PARSL_MPI_HOSTFILE")));
        Assert.True(File.Exists(Variable(third, "PARSL_MPI_HOSTFILE")));
        Assert.NotNull(assignment.Finished(workers[0], 3));
        Assert.Equal(1, pool.Free);

        // A worker that dies loses the try it ran; the one behind it goes back to the line as it came, without its place.
        var lost = assignment.WorkerLost(workers[1]);
        Assert.Equal(2, lost!.DispatchId);
        Assert.Equal(2, pool.Free);
        Assert.Equal(1, assignment.Waiting);
        Assert.True(assignment.TryTake(workers[0], out var again));
        Assert.Equal(4, again.DispatchId);
        Assert.Equal(1, again.Environment.Count(name => name == "PARSL_MPI_NODELIST")); // placed once, not twice
    }

    [Fact]
    public void A_try_that_needs_more_nodes_than_a_running_one_holds_does_not_wait_behind_it_nor_lets_later_ones_pass()
    {
        var workers = Enumerable.Range(0, 2).Select(i => new WorkerSlot(i) { Ready = true }).ToArray();
        var pool = new NodePool(["n1", "n2"]);
        var assignment = new WorkAssignment(workers, prefetch: 4, Placement(pool));
        assignment.Add(Try(1, nodes: 1));
        assignment.Add(Try(2, nodes: 1));
        assignment.Add(Try(3, nodes: 2));
        assignment.Add(Try(4, nodes: 1));

        Assert.True(assignment.TryTake(workers[0], out _));
        Assert.True(assignment.TryTake(workers[1], out _));
        // Try 3 needs both nodes: it waits for them to be free, and try 4 does not take a place ahead of it.
        Assert.False(assignment.TryTake(workers[0], out _));
        Assert.False(assignment.TryTake(workers[1], out _));
        Assert.NotNull(assignment.Finished(workers[0], 1));
        Assert.NotNull(assignment.Finished(workers[1], 2));
        Assert.True(assignment.TryTake(workers[0], out var both));
        Assert.Equal((3L, "n1,n2"), (both.DispatchId, Variable(both, "PARSL_MPI_NODELIST")));
        // Now try 4 waits behind it, on one of its nodes.
        Assert.True(assignment.TryTake(workers[0], out var behind));
        Assert.Equal((4L, "n1"), (behind.DispatchId, Variable(behind, "PARSL_MPI_NODELIST")));
        Assert.NotNull(assignment.Finished(workers[0], 3));
        Assert.Equal(1, pool.Free); // n2 back; n1 is try 4's
        Assert.NotNull(assignment.Finished(workers[0], 4));
        Assert.Equal(2, pool.Free);
    }

    private MpiPlacement Placement(NodePool nodes, NodeGpus? gpus = null) =>
        new(MpiLauncher.Mpiexec, nodes, "test", "0", _scratch, coresPerNode: 8, gpus ?? new NodeGpus(null, "not known in this test"));

    private static DispatchMessage Try(long id, int nodes) =>
        new(id, id, "Demo.App", null, Guid.Empty, [], null, null, [], [], []) { Nodes = nodes };

    private static string Variable(DispatchMessage dispatch, string name)
    {
        var at = Array.IndexOf(dispatch.Environment, name);
        return at >= 0 && at % 2 == 0 ? dispatch.Environment[at + 1] : throw new KeyNotFoundException($"{name} is not in the try's environment");
    }

    private static IReadOnlyList<string> Discover(params (string Name, string Value)[] variables) =>
        BlockNodes.Discover(name => variables.FirstOrDefault(v => v.Name == name).Value).Nodes;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
