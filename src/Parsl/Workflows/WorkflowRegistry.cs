namespace Parsl;

/// <summary>
/// The graphs of every loaded assembly's <see cref="WorkflowAttribute"/> methods, registered by generated module
/// initializers, so that a run's observers (the monitoring database, its dashboard) can join the compile-time graph
/// with the run's tasks: an app call's node has the app's id and the call's line.
/// </summary>
public static class WorkflowRegistry
{
    private static readonly Lock s_gate = new();
    private static readonly List<Func<WorkflowGraph>> s_pending = [];
    private static readonly List<WorkflowGraph> s_graphs = [];

    /// <summary>Registers a workflow's graph, made when first asked for; called by generated code when its assembly loads.</summary>
    public static void Register(Func<WorkflowGraph> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        lock (s_gate)
            s_pending.Add(graph);
    }

    /// <summary>Every registered workflow's graph, in the order their assemblies loaded.</summary>
    public static IReadOnlyList<WorkflowGraph> Graphs
    {
        get
        {
            lock (s_gate)
            {
                foreach (var make in s_pending)
                {
                    var graph = make();
                    if (!s_graphs.Any(known => known.Id == graph.Id))
                        s_graphs.Add(graph);
                }
                s_pending.Clear();
                return [.. s_graphs];
            }
        }
    }
}
