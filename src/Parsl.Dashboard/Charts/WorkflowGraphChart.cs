using System.Globalization;
using Parsl.Dashboard.Data;
using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Charts;

/// <summary>
/// A workflow's compile-time graph with each node's tasks counted by state: a bar split by state and an outline in the
/// state that matters most (failed before running before pending before done). Tasks join their node on app and call
/// line; a task whose line was not recorded joins the node of its app when the workflow calls that app once.
/// </summary>
internal static class WorkflowGraphChart
{
    private const double NodeWidth = 220, NodeHeight = 62, Gap = 28, LayerGap = 56, Margin = 12, BarWidth = 200;

    public static string Render(WorkflowGraphRows graph, StateTally counts, string runLink)
    {
        var nodeCounts = CountsByNode(graph, counts);
        var place = LayeredLayout.Place([.. graph.Nodes.Select(n => n.Id)], [.. graph.Edges.Select(e => (e.From, e.To))]);
        var widest = place.Values.GroupBy(p => p.Layer).Max(g => g.Count());
        var layers = place.Values.Max(p => p.Layer) + 1;
        var width = Margin * 2 + widest * NodeWidth + (widest - 1) * Gap;
        var height = Margin * 2 + layers * NodeHeight + (layers - 1) * LayerGap;
        var layerSizes = place.Values.GroupBy(p => p.Layer).ToDictionary(g => g.Key, g => g.Count());
        (double X, double Y) Corner(string node)
        {
            var (layer, position) = place[node];
            var offset = (width - (layerSizes[layer] * NodeWidth + (layerSizes[layer] - 1) * Gap)) / 2;
            return (offset + position * (NodeWidth + Gap), Margin + layer * (NodeHeight + LayerGap));
        }

        var svg = new HtmlWriter();
        svg.Add($"""<svg class="chart graph" viewBox="0 0 {width:0} {height:0}" width="{width:0}" height="{height:0}" data-workflow="{graph.Workflow}" role="img" aria-label="Workflow graph of {graph.Workflow}">""");
        svg.Add($"""<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" class="arrowhead"/></marker></defs>""");
        foreach (var edge in graph.Edges.Where(e => place.ContainsKey(e.From) && place.ContainsKey(e.To)))
        {
            var (fx, fy) = Corner(edge.From);
            var (tx, ty) = Corner(edge.To);
            var (x1, y1, x2, y2) = (fx + NodeWidth / 2, fy + NodeHeight, tx + NodeWidth / 2, ty);
            var middle = (y1 + y2) / 2;
            svg.Add($"""<path class="edge{(edge.File is null ? "" : " file")}" d="M{x1:0.#},{y1:0.#}C{x1:0.#},{middle:0.#} {x2:0.#},{middle:0.#} {x2:0.#},{y2:0.#}" marker-end="url(#arrow)"><title>{edge.Parameter}{(edge.File is null ? "" : " ← " + edge.File)}</title></path>""");
        }
        foreach (var node in graph.Nodes)
        {
            var (x, y) = Corner(node.Id);
            var byState = nodeCounts[node.Id];
            var total = byState.Values.Sum();
            var shown = MainState(byState);
            var link = node.StagedUrl is null ? $"{runLink}?app={Uri.EscapeDataString(node.App)}#tasks" : $"{runLink}#tasks";
            svg.Add($"""<a href="{link}"><g class="node{(node.Dynamic ? " dynamic" : "")}" data-node="{node.Id}" data-app="{node.App}" data-state="{shown}" data-total="{total}">""");
            svg.Add($"""<title>{node.App}{(node.Line is { } line ? $" (line {line})" : "")}{(node.StagedUrl is null ? "" : "\n" + node.StagedUrl)}</title>""");
            svg.Add($"""<rect class="box{(node.StagedUrl is null ? "" : " staging")}" x="{x:0.#}" y="{y:0.#}" width="{NodeWidth}" height="{NodeHeight}" rx="6" stroke="{ShownState.Colour(shown)}"/>""");
            svg.Add($"""<text class="label" x="{x + NodeWidth / 2:0.#}" y="{y + 20:0.#}">{Shorten(node.Label, 30)}</text>""");
            var at = x + (NodeWidth - BarWidth) / 2;
            foreach (var state in ShownState.All)
                if (byState.GetValueOrDefault(state) is > 0 and var count)
                {
                    var barWidth = BarWidth * count / total;
                    svg.Add($"""<rect class="bar" data-state="{state}" x="{at:0.##}" y="{y + 29:0.#}" width="{barWidth:0.##}" height="9" fill="{ShownState.Colour(state)}"/>""");
                    at += barWidth;
                }
            if (total == 0)
                svg.Add($"""<rect class="bar none" x="{at:0.##}" y="{y + 29:0.#}" width="{BarWidth}" height="9"/>""");
            svg.Add($"""<text class="counts" x="{x + NodeWidth / 2:0.#}" y="{y + 53:0.#}">{Summary(byState)}</text></g></a>""");
        }
        return svg.Add($"</svg>").ToString();
    }

    /// <summary>How many of the run's tasks join a node of <paramref name="graph"/>: none for a workflow the run did not call.</summary>
    public static long MatchedTasks(WorkflowGraphRows graph, StateTally counts) => CountsByNode(graph, counts).Values.Sum(n => n.Values.Sum());

    /// <summary>Each node's task counts by state.</summary>
    private static Dictionary<string, Dictionary<string, long>> CountsByNode(WorkflowGraphRows graph, StateTally counts)
    {
        var result = graph.Nodes.ToDictionary(n => n.Id, _ => new Dictionary<string, long>(StringComparer.Ordinal), StringComparer.Ordinal);
        var byCallSite = graph.Nodes.Where(n => n.Line is not null).ToLookup(n => (n.App, n.Line));
        var byApp = graph.Nodes.ToLookup(n => n.App, StringComparer.Ordinal);
        foreach (var group in counts.Groups)
        {
            var node = group.Line is not null && byCallSite[(group.App, group.Line)].FirstOrDefault() is { } atLine ? atLine
                : byApp[group.App].Count() == 1 && (group.Line is null || byApp[group.App].Single().Line is null) ? byApp[group.App].Single()
                : null;
            if (node is not null)
                result[node.Id][group.State] = result[node.Id].GetValueOrDefault(group.State) + group.Count;
        }
        return result;
    }

    private static string MainState(Dictionary<string, long> byState)
    {
        string[] precedence = [ShownState.Failed, ShownState.DependencyFailed, ShownState.Running, ShownState.Launched, ShownState.Pending, ShownState.Cancelled, ShownState.Done];
        return precedence.FirstOrDefault(s => byState.GetValueOrDefault(s) > 0) ?? "none";
    }

    private static string Summary(Dictionary<string, long> byState) =>
        byState.Values.Sum() == 0 ? "no task"
            : string.Join(" · ", ShownState.All.Where(s => byState.GetValueOrDefault(s) > 0).Select(s => string.Create(CultureInfo.InvariantCulture, $"{byState[s]:N0} {ShownState.Label(s)}")));

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
