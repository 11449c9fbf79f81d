namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>
/// One try as it travels to a manager and on to a worker, inside a <see cref="DispatchBatch"/>: which app (by id, with
/// the build of the assembly that declares it and, for cached apps, the hash of its code, which the worker checks
/// against its own before it reads the arguments), the encoded arguments, and where a bash app's output goes. The
/// build pins every app's code; the generator hashes only cached apps' code (their memo keys need it), so that editing
/// another app's body regenerates nothing. With staging on workers, the URLs the worker fetches before the app and
/// sends after it, and the local files the app reads, carried whole. For observed runs: the try's trace context (W3C
/// <c>traceparent</c>, so spans on the worker nest under the try's) and whether the worker measures what the try costs.
/// </summary>
internal sealed record DispatchMessage(long DispatchId, long TaskId, string AppId, string? CodeHash, Guid Build, byte[] Arguments, string? Stdout, string? Stderr,
    string[] StageIn, string[] StageOut, LocalFile[] LocalFiles)
{
    /// <summary>The try's span as a W3C <c>traceparent</c>, or null when nobody traces the run.</summary>
    public string? TraceParent { get; init; }

    /// <summary>True when the run is observed: the worker measures the try's CPU time and peak memory and sends them with its outcome.</summary>
    public bool MeasureUsage { get; init; }

    /// <summary>The try's walltime, zero for none: its clock runs in the kernel from the start the worker reports, so a
    /// manager sends a timed try's start at once rather than with the next outcome.</summary>
    public TimeSpan Walltime { get; init; }

    /// <summary>For an MPI app's try: nodes, ranks per node, ranks in all, and cores and GPUs per rank (see
    /// <see cref="ResourceSpecification.Mpi"/>); 0 otherwise (for the last two: not asked for).</summary>
    public int Nodes { get; init; }

    public int RanksPerNode { get; init; }

    public int Ranks { get; init; }

    public int CoresPerRank { get; init; }

    public int GpusPerRank { get; init; }

    /// <summary>Variables the worker sets for the try (name, value, name, value, …): an MPI try's launch prefix and
    /// node list, added by the manager that placed it on its nodes.</summary>
    public string[] Environment { get; init; } = [];

    /// <summary>The image a bash app's command runs in on the worker's node, and its container's name; null for none
    /// (or when the worker itself runs in that image).</summary>
    public ContainerImage? Container { get; init; }

    public string? ContainerName { get; init; }

    public void WriteTo(WireWriter writer)
    {
        writer.Write(DispatchId);
        writer.Write(TaskId);
        writer.Write(AppId);
        writer.Write(CodeHash);
        writer.Write(Build);
        writer.Write(Arguments);
        writer.Write(Stdout);
        writer.Write(Stderr);
        WriteStrings(writer, StageIn);
        WriteStrings(writer, StageOut);
        writer.Write(LocalFiles.Length);
        foreach (var file in LocalFiles)
            file.WriteTo(writer);
        writer.Write(TraceParent);
        writer.Write(MeasureUsage);
        writer.Write(Walltime);
        writer.Write(Nodes);
        writer.Write(RanksPerNode);
        writer.Write(Ranks);
        writer.Write(CoresPerRank);
        writer.Write(GpusPerRank);
        WriteStrings(writer, Environment);
        writer.Write(Container is not null);
        if (Container is { } image)
        {
            writer.Write(image.Name);
            writer.Write((int)image.Runtime);
            writer.Write(image.RuntimeProgram);
            WriteStrings(writer, [.. image.Variables]);
            WriteStrings(writer, [.. image.Mounts]);
            writer.Write(ContainerName);
        }
    }

    private static void WriteStrings(WireWriter writer, string[] strings)
    {
        writer.Write(strings.Length);
        foreach (var text in strings)
            writer.Write(text);
    }

    /// <summary>A counted array of strings, none null: <paramref name="what"/> names them in errors.</summary>
    private static string[] ReadStrings(ref WireReader reader, string what)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 1 << 20)
            throw new WireFormatException($"a task names {count} {what}");
        if (count == 0)
            return [];
        var strings = new string[count];
        for (var i = 0; i < count; i++)
            strings[i] = reader.ReadString() ?? throw new WireFormatException($"one of a task's {what} is null");
        return strings;
    }

    public static DispatchMessage ReadFrom(ref WireReader reader) => new DispatchMessage(
        reader.ReadInt64(), reader.ReadInt64(), reader.ReadString() ?? throw new WireFormatException("a task has no app id"),
        reader.ReadString(), reader.ReadGuid(), reader.ReadByteArray() ?? [], reader.ReadString(), reader.ReadString(), ReadStrings(ref reader, "files to stage"), ReadStrings(ref reader, "files to stage"), ReadFiles(ref reader))
    {
        TraceParent = reader.ReadString(),
        MeasureUsage = reader.ReadBoolean(),
        Walltime = reader.ReadTimeSpan(),
        Nodes = reader.ReadInt32(),
        RanksPerNode = reader.ReadInt32(),
        Ranks = reader.ReadInt32(),
        CoresPerRank = reader.ReadInt32(),
        GpusPerRank = reader.ReadInt32(),
        Environment = ReadStrings(ref reader, "environment variables"),
    }.WithContainer(ref reader);

    private DispatchMessage WithContainer(ref WireReader reader)
    {
        if (!reader.ReadBoolean())
            return this;
        var name = reader.ReadString() ?? throw new WireFormatException("a task's image has no name");
        var runtime = reader.ReadInt32();
        if (!Enum.IsDefined((ContainerRuntime)runtime))
            throw new WireFormatException($"a task's image names container runtime {runtime}");
        var image = new ContainerImage(name)
        {
            Runtime = (ContainerRuntime)runtime,
            RuntimeProgram = reader.ReadString(),
            Variables = ReadStrings(ref reader, "container variables"),
            Mounts = ReadStrings(ref reader, "container mounts"),
        };
        return this with { Container = image, ContainerName = reader.ReadString() };
    }

    private static LocalFile[] ReadFiles(ref WireReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > 1 << 16)
            throw new WireFormatException($"a task carries {count} files");
        if (count == 0)
            return [];
        var files = new LocalFile[count];
        for (var i = 0; i < count; i++)
            files[i] = LocalFile.ReadFrom(ref reader);
        return files;
    }

    /// <summary>
    /// Why a worker must not run this try with <paramref name="definition"/> (its own registration of the app), naming
    /// both builds; null when they are the same.
    /// </summary>
    public string? MismatchWith(AppDefinition definition)
    {
        var app = definition.Descriptor;
        if (Build != app.Build)
            return $"app {AppId} comes from build {Build:D} of {app.AssemblyName} in the workflow, and from build {app.Build:D} in this worker: " +
                "the program was rebuilt while the run went on. Let a run finish before rebuilding, or start the workflow again.";
        if (!string.Equals(CodeHash, app.CodeHash, StringComparison.Ordinal))
            return $"app {AppId} has code hash {CodeHash ?? "(none)"} in the workflow and {app.CodeHash ?? "(none)"} in this worker: they run different code. Rebuild, and run the same build on both sides.";
        return null;
    }
}
