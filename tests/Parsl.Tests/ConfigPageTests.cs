using Parsl.Package.Tests;

namespace Parsl.Tests;

/// <summary>The YAML examples of the docs that show configs are whole config files that load as written, with the
/// samples' apps loaded (an example may size one of them by its id).</summary>
public sealed class ConfigPageTests
{
    static ConfigPageTests()
    {
        foreach (var sample in (string[])["Docking", "MpiScores"])
        {
            var assembly = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromAssemblyPath(ChildProcess.Assembly(sample));
            System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
    }

    [Theory]
    [InlineData("docs/config.md", 5)]
    [InlineData("docs/mpi.md", 1)]
    [InlineData("docs/containers.md", 1)]
    public void Every_yaml_example_of_a_config_page_is_read_and_checked_without_an_error(string page, int atLeast)
    {
        var examples = MarkdownCode.Blocks(ChildProcess.Repository, page, "yaml").ToList();
        Assert.True(examples.Count >= atLeast, $"expected {page}'s examples, found {examples.Count}");
        var directory = Directory.CreateTempSubdirectory("parsl-config-page-").FullName;
        try
        {
            var problems = new List<string>();
            foreach (var example in examples)
            {
                var file = Path.Combine(directory, $"line-{example.Line}.yaml");
                File.WriteAllText(file, example.Code);
                try
                {
                    var config = ParslConfig.FromYaml(file);
                    Assert.NotEmpty(config.Executors);
                }
                catch (Exception problem) when (problem is ConfigFileException or ArgumentException)
                {
                    problems.Add($"{example.Where}: {problem.Message}");
                }
            }
            Assert.True(problems.Count == 0, $"YAML examples of {page} that do not load:\n" + string.Join('\n', problems));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
