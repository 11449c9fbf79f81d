using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>Everything the emitter needs to know about one app: strings, flags and equatable arrays only.</summary>
internal sealed record AppSpec(
    string? Namespace,
    ImmutableEquatableArray<ContainingTypeSpec> ContainingTypes,
    string MethodName,
    string Accessibility,
    AppKindSpec Kind,
    BodyKind Body,
    string DeclaredReturnType,
    string ResultType,
    bool UserWroteBody,
    ImmutableEquatableArray<ParameterSpec> Parameters,
    bool Cache,
    bool CacheFailures,
    string? CodeHash,
    ImmutableEquatableArray<ObjectKeyPlan> KeyObjects,
    int Retries,
    double WalltimeSeconds,
    ImmutableEquatableArray<string> Executors,
    BashSpec? Bash,
    string SourceFileName,
    int SourceLine,
    WirePlan? ResultWire = null,
    ImmutableEquatableArray<ObjectWirePlan>? WireObjects = null)
{
    /// <summary>Stable id: Namespace.Type.Method.</summary>
    public string Id => ContainingTypeSpec.QualifiedNameOf(Namespace, ContainingTypes) + "." + MethodName;

    /// <summary>The containing types, outermost first, joined by dots.</summary>
    public string TypePath => ContainingTypeSpec.PathOf(ContainingTypes);

    public string FullyQualifiedType => "global::" + ContainingTypeSpec.QualifiedNameOf(Namespace, ContainingTypes);

    /// <summary>What each call needs, for an MPI app (its attribute's <c>Nodes</c>, <c>RanksPerNode</c>, <c>Ranks</c>); null otherwise.</summary>
    public MpiSpec? Mpi { get; init; }

    /// <summary>The image the app runs in (its attribute's <c>Image</c> and <c>ContainerRuntime</c>); null for none.</summary>
    public ContainerSpec? Container { get; init; }
}

/// <summary>Which attribute made the method an app.</summary>
internal enum AppKindSpec
{
    Code,
    Bash,
    Join,
}

/// <summary>How the app's body produces its result, which decides the generated task's base class.</summary>
internal enum BodyKind
{
    Value,
    Void,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
    BashTemplate,
    BashCommand,
    Join,
    // Join apps returning a collection of futures; the join's own result is the collection of their results.
    JoinArray,
    JoinList,
    JoinReadOnlyList,
}
