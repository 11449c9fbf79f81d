using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// An MPI-mode manager's node accounting: a try starts only when the nodes it asks for are free, gets them for itself
/// (with the launch prefix and variables that name them), and gives them back when it ends or its worker dies. A try
/// that asks for more nodes than the block has, more cores per node than a node has (its ranks per node times its
/// cores per rank, against this node's processor count: a block's nodes are alike), or more GPUs per node than a node
/// has (its ranks per node times its GPUs per rank, when the node's GPU count is known) can never start, and is refused
/// at once with both numbers. A try may also be placed behind a running one, on nodes of that one's
/// (<see cref="TryPlaceBehind"/>): it gets them the moment the one ahead ends, without a round trip to the manager.
/// </summary>
internal sealed class MpiPlacement(MpiLauncher launcher, NodePool nodes, string nodeSource, string blockId, string hostFileFolder, int coresPerNode, NodeGpus gpus)
{
    private readonly Dictionary<long, (int[] Nodes, DispatchMessage Unplaced)> _held = [];
    private readonly Dictionary<long, long> _behind = []; // a try ahead → the try placed behind it
    private readonly Dictionary<long, long> _ahead = []; // the try placed behind → the try ahead, while that one holds the nodes

    public NodePool Nodes { get; } = nodes;

    /// <summary>Why <paramref name="dispatch"/> can never run in this block, or null.</summary>
    public string? Impossible(DispatchMessage dispatch)
    {
        if (Needs(dispatch) > Nodes.Total)
            return $"Task {dispatch.TaskId} ({dispatch.AppId}) asks for {Needs(dispatch)} nodes, but block {blockId} has {Nodes.Total} ({nodeSource}). " +
                "Ask for fewer nodes, or give the executor's blocks more (nodes_per_block, or the host file).";
        var perNode = Math.Max(dispatch.RanksPerNode, 1);
        var cores = (long)perNode * dispatch.CoresPerRank;
        if (cores > coresPerNode)
            return $"Task {dispatch.TaskId} ({dispatch.AppId}) asks for {perNode} ranks per node × {dispatch.CoresPerRank} cores per rank = {cores} cores per node, " +
                $"but the nodes of block {blockId} have {coresPerNode}. Ask for fewer ranks per node (and more nodes) or fewer cores per rank, or get larger nodes from the provider.";
        var gpusAsked = (long)perNode * dispatch.GpusPerRank;
        if (gpus.Count is { } gpusPerNode && gpusAsked > gpusPerNode)
            return $"Task {dispatch.TaskId} ({dispatch.AppId}) asks for {perNode} ranks per node × {dispatch.GpusPerRank} GPUs per rank = {gpusAsked} GPUs per node, " +
                $"but the nodes of block {blockId} have {gpusPerNode} ({gpus.Source}). Ask for fewer ranks per node (and more nodes) or fewer GPUs per rank, " +
                "set the executor's GpusPerNode (YAML: gpus_per_node) if that count is wrong, or get nodes with more GPUs from the provider.";
        return null;
    }

    /// <summary>Gives <paramref name="dispatch"/> its nodes if enough are free: the try as its worker gets it, with their names in its environment.</summary>
    public DispatchMessage? TryPlace(DispatchMessage dispatch) =>
        Nodes.TryTake(Needs(dispatch)) is { } taken ? Placed(dispatch, taken) : null;

    /// <summary>
    /// Places <paramref name="dispatch"/> behind the running try <paramref name="aheadId"/>, on as many of its nodes as
    /// it needs, if that one holds enough and has nothing behind it yet. The nodes pass from one to the other as the one
    /// ahead ends, and are never free in between, so no other try can be handed them meanwhile.
    /// </summary>
    public DispatchMessage? TryPlaceBehind(DispatchMessage dispatch, long aheadId)
    {
        if (!_held.TryGetValue(aheadId, out var ahead) || _behind.ContainsKey(aheadId) || Needs(dispatch) > ahead.Nodes.Length)
            return null;
        _behind[aheadId] = dispatch.DispatchId;
        _ahead[dispatch.DispatchId] = aheadId;
        return Placed(dispatch, ahead.Nodes[..Needs(dispatch)]);
    }

    /// <summary>Whether <paramref name="dispatch"/> could start now on free nodes.</summary>
    public bool FitsNow(DispatchMessage dispatch) => Needs(dispatch) <= Nodes.Free;

    /// <summary>
    /// The try ended (or died with its worker): its nodes are free again, but for those the try placed behind it takes
    /// over. A try placed behind one still running gives back nothing (the nodes are that one's).
    /// </summary>
    public void Release(long dispatchId) => Unplace(dispatchId);

    /// <summary>Releases the try's placement (as <see cref="Release"/>) and returns the try as it was before it was placed, or null if it held none.</summary>
    public DispatchMessage? Unplace(long dispatchId)
    {
        if (!_held.Remove(dispatchId, out var held))
            return null;
        File.Delete(MpiLaunch.HostFileOf(hostFileFolder, dispatchId));
        if (_ahead.Remove(dispatchId, out var aheadId))
            _behind.Remove(aheadId);
        else if (_behind.Remove(dispatchId, out var behindId))
        {
            _ahead.Remove(behindId);
            var kept = _held[behindId].Nodes;
            Nodes.Release([.. held.Nodes.Where(node => !kept.Contains(node))]);
        }
        else
            Nodes.Release(held.Nodes);
        return held.Unplaced;
    }

    private DispatchMessage Placed(DispatchMessage dispatch, int[] taken)
    {
        _held[dispatch.DispatchId] = (taken, dispatch);
        var perNode = Math.Max(dispatch.RanksPerNode, 1);
        var ranks = dispatch.Ranks > 0 ? dispatch.Ranks : taken.Length * perNode;
        var shape = new MpiShape(taken.Length, perNode, ranks, dispatch.CoresPerRank, dispatch.GpusPerRank);
        return dispatch with { Environment = [.. dispatch.Environment, .. MpiLaunch.Environment(launcher, Nodes.NamesOf(taken), shape, hostFileFolder, dispatch.DispatchId)] };
    }

    private static int Needs(DispatchMessage dispatch) => Math.Max(dispatch.Nodes, 1);
}
