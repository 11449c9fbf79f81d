namespace Parsl.Dashboard.Charts;

/// <summary>
/// Places a directed graph's nodes in layers, top to bottom: a node sits one layer below the lowest of its producers
/// (longest path), and each layer is ordered by where its producers sit (one barycentre pass), which untangles most
/// edges of a workflow's graph. Nodes on a cycle (which a workflow's graph should not have) or below one go to the first layer.
/// </summary>
internal static class LayeredLayout
{
    /// <summary>Each node's layer and its place in the layer.</summary>
    public static Dictionary<string, (int Layer, int Position)> Place(IReadOnlyList<string> nodes, IReadOnlyList<(string From, string To)> edges)
    {
        var known = nodes.ToHashSet(StringComparer.Ordinal);
        var usable = edges.Where(e => known.Contains(e.From) && known.Contains(e.To) && e.From != e.To).Distinct().ToList();
        var producers = nodes.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        var consumers = nodes.ToDictionary(n => n, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (from, to) in usable)
        {
            producers[to].Add(from);
            consumers[from].Add(to);
        }

        // Kahn's order; a node's layer is one more than its deepest producer's.
        var layer = nodes.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
        var waiting = nodes.ToDictionary(n => n, n => producers[n].Count, StringComparer.Ordinal);
        var ready = new Queue<string>(nodes.Where(n => waiting[n] == 0));
        while (ready.Count > 0)
        {
            var node = ready.Dequeue();
            foreach (var consumer in consumers[node])
            {
                layer[consumer] = Math.Max(layer[consumer], layer[node] + 1);
                if (--waiting[consumer] == 0)
                    ready.Enqueue(consumer);
            }
        }
        foreach (var node in nodes.Where(n => waiting[n] > 0))
            layer[node] = 0;

        var sourceOrder = nodes.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var placed = new Dictionary<string, (int Layer, int Position)>(StringComparer.Ordinal);
        foreach (var group in nodes.GroupBy(n => layer[n]).OrderBy(g => g.Key))
        {
            var ordered = group
                .OrderBy(n => producers[n].Where(placed.ContainsKey).Select(p => (double?)placed[p].Position).Average() ?? double.MaxValue)
                .ThenBy(n => sourceOrder[n])
                .ToList();
            for (var i = 0; i < ordered.Count; i++)
                placed[ordered[i]] = (group.Key, i);
        }
        return placed;
    }
}
