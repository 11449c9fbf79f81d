using Parsl.Executors;

namespace Parsl;

/// <summary>
/// Static metadata of one app, emitted by the source generator as part of its <see cref="AppDefinition"/> and
/// registered in <see cref="AppRegistry"/> when the assembly loads. Nothing here is discovered by reflection.
/// </summary>
public sealed class AppDescriptor
{
    /// <summary>Creates the metadata of an app of the given kind.</summary>
    /// <param name="kind">Code, bash or join.</param>
    /// <param name="options">What the generator knows about the app.</param>
    public AppDescriptor(AppKind kind, AppDescriptorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Id = options.Id;
        Kind = kind;
        ReturnTypeName = options.ReturnTypeName;
        Parameters = options.Parameters;
        Inputs = [.. options.Parameters.Where(p => p.AcceptsFutures)];
        OutputFileInputs = [.. Inputs.Select((p, index) => (p, index)).Where(pair => pair.p.IsOutputFile).Select(pair => pair.index)];
        TakesCancellationToken = options.Parameters.Any(p => p.IsCancellationToken);
        Executors = options.Executors;
        Cache = options.Cache;
        CacheFailures = options.Cache && options.CacheFailures;
        CodeHash = options.CodeHash;
        Retries = options.Retries >= 0 ? options.Retries : null;
        CommandTemplate = options.CommandTemplate;
        Stdout = options.Stdout;
        Stderr = options.Stderr;
        AppendOutput = options.AppendOutput;
        Walltime = options.WalltimeSeconds > 0 ? TimeSpan.FromSeconds(options.WalltimeSeconds) : null;
        Resources = options.Resources;
        Container = options.Container;
        SourceFile = options.SourceFile;
        SourceLine = options.SourceLine;
        if (options.DeclaringAssembly is { } assembly)
            DeclaredIn(assembly);
        TryWalltime = kind == AppKind.Join ? null : Walltime;
        NeedsTryControl = kind == AppKind.Bash || TakesCancellationToken || TryWalltime is not null;
    }

    /// <summary>Where the files the app writes are among <see cref="Inputs"/> (and so in its resolved values).</summary>
    internal int[] OutputFileInputs { get; }

    /// <summary>Stable id: <c>Namespace.Type.Method</c>.</summary>
    public string Id { get; }

    /// <summary>What each call needs, for an MPI app (<c>Nodes</c>, <c>RanksPerNode</c>, <c>Ranks</c> on its attribute); a call's
    /// <see cref="AppCallOptions.Resources"/> overrides it field by field.</summary>
    public ResourceSpecification? Resources { get; }

    /// <summary>The image the app runs in (<c>Image</c> on its attribute), or null: then the call's or the executor's, if any
    /// (<see cref="AppCallOptions.Container"/>, <see cref="Executors.IExecutor.Container"/>).</summary>
    public ContainerImage? Container { get; }

    /// <summary>The method's simple name.</summary>
    public string Name => Id[(Id.LastIndexOf('.') + 1)..];

    /// <summary>Code, bash or join.</summary>
    public AppKind Kind { get; }

    /// <summary>The C# type of the app's result, fully qualified.</summary>
    public string ReturnTypeName { get; }

    /// <summary>Parameters in declaration order.</summary>
    public IReadOnlyList<AppParameter> Parameters { get; }

    /// <summary>The parameters that take values or futures (all but a <see cref="CancellationToken"/>), in order.</summary>
    public IReadOnlyList<AppParameter> Inputs { get; }

    /// <summary>Executor labels the app is pinned to; empty means any.</summary>
    public IReadOnlyList<string> Executors { get; }

    /// <summary>Whether results are memoized.</summary>
    public bool Cache { get; }

    /// <summary>Whether failures are memoized too (see <see cref="AppAttribute.CacheFailures"/>).</summary>
    public bool CacheFailures { get; }

    /// <summary>Hash of a cached app's source (its declaration and body), computed at compile time: part of every memo
    /// key, so editing the app invalidates its cached results, and named in every dispatch to a worker process, which
    /// refuses a try whose hash is not its own. Null for apps that are not cached.</summary>
    public string? CodeHash { get; }

    /// <summary>The build (module version id) of the assembly that declares the app (<see cref="AppDescriptorOptions.DeclaringAssembly"/>,
    /// or the one it was registered with); named in every dispatch to a worker process, which refuses a try of another
    /// build. Empty for apps made by hand and registered without their assembly.</summary>
    public Guid Build { get; private set; }

    /// <summary>The name of the assembly that declares the app, for messages about its build.</summary>
    public string AssemblyName { get; private set; } = "(unknown assembly)";

    internal void DeclaredIn(System.Reflection.Assembly assembly) =>
        (Build, AssemblyName) = (assembly.ManifestModule.ModuleVersionId, assembly.GetName().Name ?? "(unnamed assembly)");

    /// <summary>How many times to retry a failed task of this app; null means the config's <see cref="ParslConfig.Retries"/>.</summary>
    public int? Retries { get; }

    /// <summary>The bash command template, for template-form bash apps.</summary>
    public string? CommandTemplate { get; }

    /// <summary>The stdout path template of a bash app.</summary>
    public string? Stdout { get; }

    /// <summary>The stderr path template of a bash app.</summary>
    public string? Stderr { get; }

    /// <summary>Whether a bash app appends to its stdout/stderr files rather than truncating them.</summary>
    public bool AppendOutput { get; }

    /// <summary>Wall-clock limit of each try: a bash app's process group is killed; a code app is cancelled, then abandoned.</summary>
    public TimeSpan? Walltime { get; }

    /// <summary>Where the app is declared, for error messages.</summary>
    public string? SourceFile { get; }

    /// <summary>Line of the declaration in <see cref="SourceFile"/>.</summary>
    public int SourceLine { get; }

    internal bool TakesCancellationToken { get; }

    // The walltime of one try; a join app's try ends when its body returns, so it has none.
    internal TimeSpan? TryWalltime { get; }

    // Whether a try needs its own cancellation and clock: read per try, so decided once here.
    internal bool NeedsTryControl { get; }

    internal byte[] IdUtf8 => field ??= System.Text.Encoding.UTF8.GetBytes(Id);

    // Hashed first into every memo key of this app: what makes keys differ between apps and between versions of one.
    internal byte[] KeySeed => field ??= System.Text.Encoding.UTF8.GetBytes(Id + "\n" + CodeHash);

    // The executors of the loaded kernel this app may use, resolved once per run instead of once per task: an
    // Executors.ExecutorBinding, kept as an object so that app metadata knows nothing of the layer that routes tries.
    internal object? RoutingCache { get; set; }

    /// <summary>The tuple of the input types, as messages name it: <c>(string, int)</c>.</summary>
    internal string InputTuple => field ??= "(" + string.Join(", ", Inputs.Select(p => p.TypeName)) + ")";

    /// <summary>Where the app is declared, as <c>File.cs:line</c>, or null when unknown.</summary>
    internal string? Declaration => SourceFile is null ? null : $"{Path.GetFileName(SourceFile)}:{SourceLine}";

    /// <inheritdoc />
    public override string ToString() => Id;
}
