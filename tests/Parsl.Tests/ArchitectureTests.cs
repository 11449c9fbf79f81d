using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Parsl.Tests;

/// <summary>
/// The layering rules of docs/design.md that the compiler does not check by itself: which libraries each assembly may
/// reference, and that no layer reaches into another's internals.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string[] s_networkingSshAndYaml = ["NetMQ", "AsyncIO", "Grpc.", "Google.Protobuf", "Microsoft.AspNetCore", "Renci.SshNet", "YamlDotNet"];

    [Fact]
    public void The_kernel_references_no_networking_ssh_or_yaml_library_and_no_other_parsl_assembly()
    {
        var references = ReferencesOf("Parsl");
        Assert.DoesNotContain(references, r => s_networkingSshAndYaml.Any(r.StartsWith) || r.StartsWith("Parsl.", StringComparison.Ordinal));
        Assert.Contains("System.IO.Hashing", references); // the reader works: the kernel's own dependencies show
    }

    [Fact]
    public void The_worker_process_executor_is_built_on_the_kernels_public_contract_and_knows_nothing_of_yaml()
    {
        var references = ReferencesOf("Parsl.HighThroughput");
        Assert.Contains("Parsl", references);
        Assert.Contains("NetMQ", references);
        Assert.DoesNotContain(references, r => r.StartsWith("YamlDotNet", StringComparison.Ordinal) || r == "Parsl.Yaml");
        // It reaches a cluster through its provider (IExecutionProvider.OpenReverseTunnelAsync), never the SSH channel itself.
        Assert.DoesNotContain(references, r => r.StartsWith("Renci.SshNet", StringComparison.Ordinal) || r == "Parsl.Schedulers");
        // No layer sees the kernel's internals, nor the bench (it measures what users get, through the public API): only the tests do.
        Assert.Equal(["Parsl.Tests"], FriendsOf(typeof(DataFlowKernel).Assembly));
        // The executor's protocol and transports are not API: the tests and the bench of those parts see them.
        Assert.Equal(["Parsl.Bench.Protocol", "Parsl.Tests"], FriendsOf(typeof(Parsl.Executors.HighThroughputExecutor).Assembly));
    }

    [Fact]
    public void The_schedulers_know_the_kernel_but_no_executor()
    {
        var references = ReferencesOf("Parsl.Schedulers");
        Assert.Contains("Parsl", references);
        Assert.Contains("Renci.SshNet", references);
        Assert.DoesNotContain(references, r => r is "Parsl.HighThroughput" or "Parsl.Yaml" || r.StartsWith("NetMQ", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_script_host_may_write_to_the_console_or_end_the_process()
    {
        // The banned-API analyzer enforces it at compile time: this keeps the rule itself from being dropped.
        var project = Path.Combine(RepositoryRoot(), "src", "Parsl");
        Assert.Contains("Microsoft.CodeAnalysis.BannedApiAnalyzers", File.ReadAllText(Path.Combine(project, "Parsl.csproj")));
        var banned = File.ReadAllLines(Path.Combine(project, "BannedSymbols.txt"));
        Assert.Contains(banned, l => l.StartsWith("T:System.Console;", StringComparison.Ordinal));
        Assert.Contains(banned, l => l.StartsWith("M:System.Environment.Exit(System.Int32);", StringComparison.Ordinal));
    }

    [Fact]
    public void The_cores_internal_types_live_in_their_folders_namespaces()
    {
        // The root namespace is what a workflow imports; an internal type there would hide which layer it belongs to.
        var inRoot = typeof(DataFlowKernel).Assembly.GetTypes()
            .Where(t => !t.IsPublic && !t.IsNested && t.Namespace == "Parsl"
                && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false)
                && !t.Name.StartsWith('<'))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(inRoot.Count == 0, "internal types in the namespace Parsl (give each its folder's namespace): " + string.Join(", ", inRoot));
    }

    private static List<string> ReferencesOf(string assembly)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).Order(StringComparer.Ordinal)];
    }

    private static List<string> FriendsOf(Assembly assembly) =>
        [.. assembly.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal)];

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Parsl.Generators.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("the repository root is not above " + AppContext.BaseDirectory);
    }
}
