using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Parsl.Tests;

/// <summary>
/// The core's folders form layers: binding its sources (names resolved by the compiler, not matched as text), no folder
/// uses a folder that uses it back, directly or around a loop. A new cycle fails this test with the references that
/// close it.
/// </summary>
public sealed class FolderLayersTests
{
    [Fact]
    public void No_folder_of_the_core_is_in_a_cycle()
    {
        var uses = FolderReferences();

        var cycles = StronglyConnected(uses).Where(component => component.Count > 1).ToList();

        Assert.True(uses.Count > 10 && uses.Values.Sum(u => u.Count) > 20, "the scan found the folders and their references");
        var why = string.Join("\n\n", cycles.Select(component => $"{string.Join(", ", component)}:\n" + string.Join("\n", component.SelectMany(from =>
            uses[from].Where(to => component.Contains(to.Key)).Select(to => $"  {from} -> {to.Key}: {string.Join(", ", to.Value.Take(4))}")))));
        Assert.True(cycles.Count == 0, "folders in a cycle:\n" + why);
        // The kernel sits on top: the layers it builds on do not use it.
        var kernelUsers = uses.Where(u => u.Key is "Values" or "Files" or "Runs" or "Processes" or "Wire" or "Apps" or "Caching" or "Checkpointing" or "Events" or "Executors" or "Records")
            .Where(u => u.Value.ContainsKey("Dataflow")).Select(u => $"{u.Key}: {string.Join(", ", u.Value["Dataflow"].Take(4))}").ToList();
        Assert.True(kernelUsers.Count == 0, "layers below the kernel use it: " + string.Join("; ", kernelUsers));
    }

    /// <summary>For each folder of src/Parsl, the other folders whose types its code uses (bound, not matched by name), with a few of the names.</summary>
    private static Dictionary<string, Dictionary<string, SortedSet<string>>> FolderReferences()
    {
        var root = Path.Combine(ArchitectureTests.RepositoryRoot(), "src", "Parsl");
        var trees = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Preview), path))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "Microsoft.Extensions.*.dll"))
            .Append(Path.Combine(AppContext.BaseDirectory, "System.IO.Hashing.dll"))
            .Where(File.Exists)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("FolderScan", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        string FolderOf(SyntaxTree tree) => Path.GetRelativePath(root, tree.FilePath).Split(Path.DirectorySeparatorChar)[0];

        var uses = new Dictionary<string, Dictionary<string, SortedSet<string>>>();
        foreach (var tree in trees)
        {
            var from = FolderOf(tree);
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol;
                var type = (symbol as INamedTypeSymbol ?? symbol?.ContainingType)?.OriginalDefinition;
                if (type?.DeclaringSyntaxReferences.FirstOrDefault()?.SyntaxTree is not { } declaredIn)
                    continue;
                var to = FolderOf(declaredIn);
                if (to == from)
                    continue;
                var folder = uses.TryGetValue(from, out var known) ? known : uses[from] = [];
                (folder.TryGetValue(to, out var names) ? names : folder[to] = new SortedSet<string>(StringComparer.Ordinal)).Add($"{Path.GetFileName(tree.FilePath)} uses {type.Name}");
            }
        }
        return uses;
    }

    /// <summary>Tarjan's strongly connected components of the folder graph.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, SortedSet<string>>> uses)
    {
        var nodes = uses.Keys.Concat(uses.Values.SelectMany(u => u.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in uses.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string popped;
            do
            {
                popped = stack.Pop();
                onStack.Remove(popped);
                component.Add(popped);
            }
            while (popped != node);
            components.Add(component);
        }
        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
            Visit(node);
        return components;
    }
}
