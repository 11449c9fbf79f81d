namespace Parsl.Executors.HighThroughput;

/// <summary>
/// A block's nodes as its MPI-mode manager hands them out: each try gets a disjoint set of free nodes, held until it
/// ends; a node is never given to two tries at once. Nodes are told apart by position, so a host file that names one
/// machine several times stands for several nodes. Touched only on the manager's loop thread.
/// </summary>
internal sealed class NodePool
{
    private readonly IReadOnlyList<string> _names;
    private readonly bool[] _busy;

    public NodePool(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
            throw new ArgumentException("a block has at least one node", nameof(names));
        _names = names;
        _busy = new bool[names.Count];
        Free = names.Count;
    }

    public int Total => _names.Count;

    public int Free { get; private set; }

    /// <summary>Takes <paramref name="count"/> free nodes (the lowest first), or none when fewer are free.</summary>
    public int[]? TryTake(int count)
    {
        if (count > Free)
            return null;
        var taken = new int[count];
        for (int i = 0, found = 0; found < count; i++)
        {
            if (_busy[i])
                continue;
            _busy[i] = true;
            taken[found++] = i;
        }
        Free -= count;
        return taken;
    }

    public void Release(int[] nodes)
    {
        foreach (var node in nodes)
        {
            if (!_busy[node])
                throw new InvalidOperationException($"node {node} ({_names[node]}) was released twice");
            _busy[node] = false;
        }
        Free += nodes.Length;
    }

    public IReadOnlyList<string> NamesOf(int[] nodes) => [.. nodes.Select(node => _names[node])];
}
