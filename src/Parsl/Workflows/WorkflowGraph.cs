using System.Text;

namespace Parsl;

/// <summary>
/// The dataflow graph of a <see cref="WorkflowAttribute"/> method, known at compile time: render it before running
/// anything (Parsl can only show the graph of a run in progress). Staging nodes (parallelograms) stand for the remote
/// files the workflow names.
/// </summary>
/// <param name="Id">The workflow method (<c>Namespace.Type.Method</c>).</param>
/// <param name="Nodes">App call sites, in source order.</param>
/// <param name="Edges">Futures flowing between them.</param>
public sealed record WorkflowGraph(string Id, IReadOnlyList<WorkflowNode> Nodes, IReadOnlyList<WorkflowEdge> Edges)
{
    /// <summary>A Mermaid flowchart (renders in Markdown viewers).</summary>
    public string ToMermaid()
    {
        var text = new StringBuilder("flowchart TD\n");
        foreach (var node in Nodes)
        {
            var (open, close) = node.StagedUrl is not null ? ("[/", "/]") : node.FanOut.Count > 0 ? ("[[", "]]") : node.Dynamic ? ("{{", "}}") : ("[", "]");
            text.Append("    ").Append(node.Id).Append(open).Append('"').Append(Escape(node.Label)).Append('"').Append(close).Append('\n');
        }
        foreach (var edge in Edges)
            // A file is drawn dotted: the consumer waits for the file, not a value.
            text.Append("    ").Append(edge.From).Append(edge.File is null ? " -->|" : " -.->|").Append(Escape(edge.Label)).Append("| ").Append(edge.To).Append('\n');
        return text.ToString();
    }

    /// <summary>A Graphviz DOT digraph (<c>dot -Tsvg</c>).</summary>
    public string ToDot()
    {
        var text = new StringBuilder("digraph \"").Append(Id).Append("\" {\n    rankdir=TB;\n    node [shape=box];\n");
        foreach (var node in Nodes)
        {
            text.Append("    ").Append(node.Id).Append(" [label=\"").Append(Escape(node.Label)).Append('"');
            if (node.StagedUrl is not null)
                text.Append(", shape=parallelogram");
            else if (node.FanOut.Count > 0)
                text.Append(", shape=box3d");
            if (node.Dynamic)
                text.Append(", style=dashed");
            text.Append("];\n");
        }
        foreach (var edge in Edges)
            text.Append("    ").Append(edge.From).Append(" -> ").Append(edge.To).Append(" [label=\"").Append(Escape(edge.Label)).Append('"')
                .Append(edge.File is null ? "" : ", style=dashed").Append("];\n");
        return text.Append("}\n").ToString();
    }

    private static string Escape(string text) => text.Replace("\"", "'", StringComparison.Ordinal);
}
