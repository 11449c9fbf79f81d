using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>The static dataflow graph of one [Workflow] method.</summary>
internal sealed record WorkflowSpec(
    string? Namespace,
    ImmutableEquatableArray<ContainingTypeSpec> ContainingTypes,
    string MethodName,
    ImmutableEquatableArray<WorkflowNodeSpec> Nodes,
    ImmutableEquatableArray<WorkflowEdgeSpec> Edges)
{
    public string Id => ContainingTypeSpec.QualifiedNameOf(Namespace, ContainingTypes) + "." + MethodName;

    /// <summary>The generated property: <c>ScreenAsync</c> → <c>ScreenGraph</c>.</summary>
    public string PropertyName => (MethodName.EndsWith("Async") && MethodName.Length > 5 ? MethodName.Substring(0, MethodName.Length - 5) : MethodName) + "Graph";
}

/// <summary>An app call site: which app, inside which loops, whether it depends on run-time values, and its line. Or the
/// staging of a remote file whose URL the source spells out (<paramref name="StagedUrl"/>; <paramref name="AppId"/> is
/// then the staging task's id, "stage-in URL" or "stage-out URL", as at run time).</summary>
internal sealed record WorkflowNodeSpec(string AppId, ImmutableEquatableArray<string> FanOut, bool Dynamic, int Line, string? StagedUrl = null);

/// <summary>Node <paramref name="From"/>'s future, or the file it writes as its output <paramref name="File"/>, flows into
/// parameter <paramref name="Parameter"/> of node <paramref name="To"/>.</summary>
internal sealed record WorkflowEdgeSpec(int From, int To, string Parameter, string? File = null);

/// <summary>The workflow parser's output: a graph to emit, or why it cannot be emitted.</summary>
internal sealed record WorkflowParseResult(WorkflowSpec? Spec, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);
