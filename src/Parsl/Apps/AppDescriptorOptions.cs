namespace Parsl;

/// <summary>
/// What generated code knows about an app, handed to its definition. An options object rather than constructor
/// parameters, so a property added in a later version does not break app libraries compiled against this one.
/// </summary>
public sealed class AppDescriptorOptions
{
    /// <summary>Stable id: <c>Namespace.Type.Method</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The C# type of the app's result, fully qualified.</summary>
    public required string ReturnTypeName { get; init; }

    /// <summary>Parameters in declaration order.</summary>
    public IReadOnlyList<AppParameter> Parameters { get; init; } = [];

    /// <summary>Executor labels the app is pinned to; empty means any.</summary>
    public IReadOnlyList<string> Executors { get; init; } = [];

    /// <summary>Whether results are memoized.</summary>
    public bool Cache { get; init; }

    /// <summary>Whether failures are memoized too.</summary>
    public bool CacheFailures { get; init; }

    /// <summary>Hash of the app's source, part of every memo key.</summary>
    public string? CodeHash { get; init; }

    /// <summary>Retries of a failed task; -1 means the config's.</summary>
    public int Retries { get; init; } = -1;

    /// <summary>The bash command template, for template-form bash apps.</summary>
    public string? CommandTemplate { get; init; }

    /// <summary>The stdout path template of a bash app.</summary>
    public string? Stdout { get; init; }

    /// <summary>The stderr path template of a bash app.</summary>
    public string? Stderr { get; init; }

    /// <summary>Whether a bash app appends to its output files.</summary>
    public bool AppendOutput { get; init; }

    /// <summary>Wall-clock limit of one try in seconds; 0 means none.</summary>
    public double WalltimeSeconds { get; init; }

    /// <summary>For an MPI app: what each call needs (the attribute's <c>Nodes</c>, <c>RanksPerNode</c>, <c>Ranks</c>); null otherwise.</summary>
    public ResourceSpecification? Resources { get; init; }

    /// <summary>The image the app runs in (its attribute's <c>Image</c> and <c>ContainerRuntime</c>); null for none.</summary>
    public ContainerImage? Container { get; init; }

    /// <summary>Where the app is declared, for error messages.</summary>
    public string? SourceFile { get; init; }

    /// <summary>Line of the declaration in <see cref="SourceFile"/>.</summary>
    public int SourceLine { get; init; }

    /// <summary>
    /// The assembly that declares the app: its build (module version id) is named in every dispatch, and a worker
    /// process refuses a try of another build. Null for an app made by hand, whose build is then its registration's.
    /// </summary>
    public System.Reflection.Assembly? DeclaringAssembly { get; init; }
}
