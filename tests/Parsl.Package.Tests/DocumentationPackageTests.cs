using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Parsl.Package.Tests;

/// <summary>What the pages a user reads promise: their C# builds against the package as written, and the package
/// carries them.</summary>
public sealed partial class DocumentationPackageTests : PackageTest
{
    /// <summary>The pages a user of the package reads; each of their C# blocks is a whole Program.cs.</summary>
    private static readonly string[] UserPages = ["README.md", "docs/config.md", "docs/porting.md"];

    [Fact]
    public void Every_csharp_block_of_the_user_pages_builds_as_written_against_the_package()
    {
        var blocks = UserPages.SelectMany(page => MarkdownCode.Blocks(LocalFeed.RepositoryRoot, page, "csharp")).ToList();
        Assert.True(blocks.Count(b => b.Page == "README.md") >= 3, "the README's C# blocks were not found");

        // One console project per block, as a user pastes it into Program.cs of `dotnet new console`; one build for all.
        var root = Feed.NewFolder("snippets");
        Feed.AddTo(root);
        var solution = new List<string>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var name = $"Snippet{i:00}";
            var project = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
            File.WriteAllText(Path.Combine(project, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <ParslReadyToRun>false</ParslReadyToRun>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Parsl" Version="{Feed.Version}" />
                  </ItemGroup>
                </Project>

                """);
            File.WriteAllText(Path.Combine(project, "Program.cs"), blocks[i].Code);
            solution.Add($"""  <Project Path="{name}/{name}.csproj" />""");
        }
        File.WriteAllText(Path.Combine(root, "Snippets.slnx"), $"<Solution>\n{string.Join('\n', solution)}\n</Solution>\n");

        var build = Dotnet.Run(root, "build", "Snippets.slnx", "-p:TreatWarningsAsErrors=true");
        AssertCompilerComponentsLoaded(build);
        // Each compiler message points back into the page: README.md:27:5 rather than Snippet00/Program.cs(3,5).
        var problems = SnippetMessage().Matches(build.Output)
            .Select(m => (Block: blocks[int.Parse(m.Groups["block"].Value)], Line: int.Parse(m.Groups["line"].Value), Column: m.Groups["column"].Value, Text: m.Groups["text"].Value.Trim()))
            .Select(p => $"{p.Block.Page}:{p.Block.Line + p.Line - 1}:{p.Column}: {p.Text}")
            .Distinct()
            .ToList();
        Assert.True(build.ExitCode == 0 && problems.Count == 0,
            $"C# blocks of the user pages do not build as written (each block is a whole Program.cs of a net10.0 console project):\n"
            + string.Join('\n', problems) + $"\n\n{build}");
    }

    [Fact]
    public void The_package_carries_the_user_pages_and_maps_its_source_paths()
    {
        using var package = ZipFile.OpenRead(Feed.Package("Parsl.Core"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var page in new[] { "docs/config.md", "docs/porting.md", "docs/design.md", "docs/performance.md" })
            Assert.True(entries.Contains(page), $"the package lacks {page}");
        // The README's links to them work inside the package too: they are relative, and the pages sit where they point.
        var readme = new StreamReader(package.GetEntry("README.md")!.Open()).ReadToEnd();
        foreach (var page in new[] { "docs/config.md", "docs/porting.md" })
            Assert.Contains($"]({page})", readme);

        // The embedded PDB's source paths are /_/…, not the packing machine's folders, so stack traces look alike everywhere.
        using var assembly = new MemoryStream();
        package.GetEntry("lib/net10.0/Parsl.dll")!.Open().CopyTo(assembly);
        assembly.Position = 0;
        using var pe = new PEReader(assembly);
        var embedded = pe.ReadDebugDirectory().Single(d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var pdb = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
        var reader = pdb.GetMetadataReader();
        var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
        Assert.NotEmpty(documents);
        var unmapped = documents.Where(d => !d.StartsWith("/_/", StringComparison.Ordinal)).ToList();
        Assert.True(unmapped.Count == 0, $"source paths of the packing machine in Parsl.dll: {string.Join(", ", unmapped.Take(5))}");
        Assert.Contains("/_/src/Parsl/Dataflow/DataFlowKernel.cs", documents);
    }

    [GeneratedRegex(@"Snippet(?<block>\d\d)/Program\.cs\((?<line>\d+),(?<column>\d+)\): (?<text>(?:error|warning) [^\[\n]*)")]
    private static partial Regex SnippetMessage();
}
