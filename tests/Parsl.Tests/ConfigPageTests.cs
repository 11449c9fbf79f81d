using Parsl.Package.Tests;

namespace Parsl.Tests;

/// <summary>docs/config.md's YAML examples are whole config files that load as written.</summary>
public sealed class ConfigPageTests
{
    [Fact]
    public void Every_yaml_example_of_the_config_page_is_read_and_checked_without_an_error()
    {
        var examples = MarkdownCode.Blocks(ChildProcess.Repository, "docs/config.md", "yaml").ToList();
        Assert.True(examples.Count >= 5, $"expected the config page's examples, found {examples.Count}");
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
            Assert.True(problems.Count == 0, "YAML examples of docs/config.md that do not load:\n" + string.Join('\n', problems));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
