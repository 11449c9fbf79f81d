namespace Parsl;

/// <summary>One app call site in a workflow.</summary>
/// <param name="Id">Stable node id within the graph (<c>n0</c>, <c>n1</c>, …).</param>
/// <param name="AppId">The app called (<c>Namespace.Type.Method</c>).</param>
/// <param name="FanOut">The loops around the call, outermost first (e.g. <c>proteins</c>, <c>ligands</c>); empty for one call.</param>
/// <param name="Dynamic">True when whether or how often the call happens depends on run-time values (a branch, a while loop, a join app's body).</param>
/// <param name="Line">The line of the call in the workflow's source file.</param>
public sealed record WorkflowNode(string Id, string AppId, IReadOnlyList<string> FanOut, bool Dynamic, int Line)
{
    /// <summary>The app's method name, e.g. <c>Dock</c>.</summary>
    public string AppName => AppId[(AppId.LastIndexOf('.') + 1)..];

    /// <summary>How the node reads in a diagram: <c>Dock ×N (proteins × ligands)</c>.</summary>
    public string Label => FanOut.Count == 0
        ? AppName + (Dynamic ? " (dynamic)" : "")
        : $"{AppName} ×N ({string.Join(" × ", FanOut)})" + (Dynamic ? " (dynamic)" : "");
}

/// <summary>A future produced by one call flowing into another.</summary>
/// <param name="From">The producing node.</param>
/// <param name="To">The consuming node.</param>
/// <param name="Parameter">The consumer's parameter the future (or a collection of them) is passed to.</param>
/// <param name="File">For an edge through a file the producer writes (its <c>Outputs[i]</c>), the producer's output
/// parameter; null for the producer's result.</param>
public sealed record WorkflowEdge(string From, string To, string Parameter, string? File = null)
{
    /// <summary>What the edge carries: the parameter, or for a file "output → parameter".</summary>
    public string Label => File is null ? Parameter : $"{File} → {Parameter}";
}
