namespace Parsl;

/// <summary>One app call site in a workflow, or the staging of a remote file the workflow names (<see cref="StagedUrl"/>).</summary>
/// <param name="Id">Stable node id within the graph (<c>n0</c>, <c>n1</c>, …).</param>
/// <param name="AppId">The app called (<c>Namespace.Type.Method</c>).</param>
/// <param name="FanOut">The loops around the call, outermost first (e.g. <c>proteins</c>, <c>ligands</c>); empty for one call.</param>
/// <param name="Dynamic">True when whether or how often the call happens depends on run-time values (a branch, a while loop, a join app's body).</param>
/// <param name="Line">The line of the call in the workflow's source file.</param>
public sealed record WorkflowNode(string Id, string AppId, IReadOnlyList<string> FanOut, bool Dynamic, int Line)
{
    /// <summary>
    /// For the staging of a remote file whose URL the workflow spells out (an interpolated one shows its holes,
    /// <c>https://data.example/{protein}.pdb</c>): the URL; <see cref="AppId"/> is then the staging task's id at run time,
    /// <c>stage-in URL</c> or <c>stage-out URL</c>. Null for an app call.
    /// </summary>
    public string? StagedUrl { get; init; }

    /// <summary>The app's method name, e.g. <c>Dock</c>; for a staging node its task id.</summary>
    public string AppName => StagedUrl is null ? AppId[(AppId.LastIndexOf('.') + 1)..] : AppId;

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
/// parameter; for an edge from or to a staging node, the file's URL; null for the producer's result.</param>
public sealed record WorkflowEdge(string From, string To, string Parameter, string? File = null)
{
    /// <summary>What the edge carries: the parameter, or for an output file "output → parameter" (a staged file's URL is
    /// on its node already).</summary>
    public string Label => File is null || File.Contains("://", StringComparison.Ordinal) ? Parameter : $"{File} → {Parameter}";
}
