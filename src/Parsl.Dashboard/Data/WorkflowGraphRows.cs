using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>The compiler's workflow graphs a run recorded (<c>workflow_nodes</c>, <c>workflow_edges</c>), one per workflow method.</summary>
internal sealed record WorkflowGraphRows(string Workflow, IReadOnlyList<WorkflowGraphRows.Node> Nodes, IReadOnlyList<WorkflowGraphRows.Edge> Edges)
{
    public sealed record Node(string Id, string App, string Label, long? Line, bool Dynamic, string? StagedUrl, string? FanOut);

    public sealed record Edge(string From, string To, string? Parameter, string? File);

    public static List<WorkflowGraphRows> Load(SqliteConnection connection, string run)
    {
        var nodes = new Dictionary<string, List<Node>>(StringComparer.Ordinal);
        using (var reader = connection.Query(
            "SELECT workflow, node_id, app, label, line, dynamic, staged_url, fan_out FROM workflow_nodes WHERE run_id = $run ORDER BY workflow, rowid", ("$run", run)))
            while (reader.Read())
                Add(nodes, reader.GetString(0), new Node(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.Integer(4), reader.GetInt64(5) != 0, reader.Text(6), reader.Text(7)));
        var edges = new Dictionary<string, List<Edge>>(StringComparer.Ordinal);
        using (var reader = connection.Query("SELECT workflow, from_node, to_node, parameter, file FROM workflow_edges WHERE run_id = $run", ("$run", run)))
            while (reader.Read())
                Add(edges, reader.GetString(0), new Edge(reader.GetString(1), reader.GetString(2), reader.Text(3), reader.Text(4)));
        return [.. nodes.Select(n => new WorkflowGraphRows(n.Key, n.Value, edges.TryGetValue(n.Key, out var e) ? e : []))];
    }

    private static void Add<T>(Dictionary<string, List<T>> byWorkflow, string workflow, T item)
    {
        if (!byWorkflow.TryGetValue(workflow, out var list))
            byWorkflow[workflow] = list = [];
        list.Add(item);
    }
}
