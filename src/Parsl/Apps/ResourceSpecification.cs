namespace Parsl;

/// <summary>What one call needs from the machine that runs it (Parsl's <c>parsl_resource_specification</c>).</summary>
public sealed record ResourceSpecification
{
    /// <summary>CPU cores.</summary>
    public int? Cores { get; init; }

    /// <summary>Memory, in megabytes.</summary>
    public int? MemoryMegabytes { get; init; }

    /// <summary>Scratch disk, in megabytes.</summary>
    public int? DiskMegabytes { get; init; }

    /// <summary>GPUs.</summary>
    public int? Gpus { get; init; }

    /// <summary>Nodes, for an MPI app.</summary>
    public int? Nodes { get; init; }

    /// <summary>MPI ranks per node.</summary>
    public int? RanksPerNode { get; init; }

    /// <summary>MPI ranks in all; with <see cref="Nodes"/> alone, spread evenly (rounded up per node).</summary>
    public int? Ranks { get; init; }

    /// <summary>Cores each MPI rank gets (the launcher binds it to them: MPICH <c>-bind-to core:N</c>, Open MPI
    /// <c>PE=N</c>, srun <c>--cpus-per-task</c>, aprun <c>-d</c>); a node must hold <see cref="RanksPerNode"/> times as many.</summary>
    public int? CoresPerRank { get; init; }

    /// <summary>GPUs each MPI rank gets (MPICH <c>-gpus-per-proc</c>, srun <c>--gpus-per-task</c>; Open MPI and aprun
    /// have no such option, and refuse it).</summary>
    public int? GpusPerRank { get; init; }

    /// <summary>True when the call is an MPI app's: it asks for nodes, ranks, or cores or GPUs per rank.</summary>
    public bool IsMpi() => Nodes is not null || RanksPerNode is not null || Ranks is not null || CoresPerRank is not null || GpusPerRank is not null;

    /// <summary>True when it asks for cores, memory, disk or GPUs: what an executor reserves per try, if it does.</summary>
    internal bool ReservesMachine() => Cores is not null || MemoryMegabytes is not null || DiskMegabytes is not null || Gpus is not null;

    /// <summary>
    /// The MPI shape of a call: nodes (default 1), ranks per node and ranks in all, each from the others when not given,
    /// and the cores and GPUs per rank it asks for (0: none said).
    /// </summary>
    /// <exception cref="ArgumentException">A figure is not positive, or ranks do not fit nodes × ranks per node; the
    /// message names <paramref name="app"/>.</exception>
    public MpiShape Mpi(string app)
    {
        foreach (var (name, value) in new[] { ("Nodes", Nodes), ("RanksPerNode", RanksPerNode), ("Ranks", Ranks), ("CoresPerRank", CoresPerRank), ("GpusPerRank", GpusPerRank) })
        {
            if (value is <= 0)
                throw new ArgumentException($"{app} asks for {value} {name}: each of Nodes, RanksPerNode, Ranks, CoresPerRank and GpusPerRank must be at least 1 (or left unset).");
        }
        var nodes = Nodes ?? 1;
        var perNode = RanksPerNode ?? (Ranks is { } all ? (all + nodes - 1) / nodes : 1);
        var ranks = Ranks ?? nodes * perNode;
        if (ranks > nodes * perNode)
            throw new ArgumentException($"{app} asks for {ranks} ranks on {nodes} node(s) of {perNode} ranks each ({nodes * perNode} at most): raise Nodes or RanksPerNode, or lower Ranks.");
        return new MpiShape(nodes, perNode, ranks, CoresPerRank ?? 0, GpusPerRank ?? 0);
    }

    /// <summary>The specifications in order of precedence, lowest first (the app's, the config's, the call's): each field the later one sets wins.</summary>
    internal static ResourceSpecification? Merge(ResourceSpecification? app, ResourceSpecification? config, ResourceSpecification? call) =>
        Merge(Merge(app, config), call);

    /// <summary>The call's specification over the app's: each field the call sets wins.</summary>
    internal static ResourceSpecification? Merge(ResourceSpecification? app, ResourceSpecification? call) =>
        app is null ? call : call is null ? app : new ResourceSpecification
        {
            Cores = call.Cores ?? app.Cores,
            MemoryMegabytes = call.MemoryMegabytes ?? app.MemoryMegabytes,
            DiskMegabytes = call.DiskMegabytes ?? app.DiskMegabytes,
            Gpus = call.Gpus ?? app.Gpus,
            Nodes = call.Nodes ?? app.Nodes,
            RanksPerNode = call.RanksPerNode ?? app.RanksPerNode,
            Ranks = call.Ranks ?? app.Ranks,
            CoresPerRank = call.CoresPerRank ?? app.CoresPerRank,
            GpusPerRank = call.GpusPerRank ?? app.GpusPerRank,
        };
}
