using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Tests;

/// <summary>Every diagnostic is reported by an analyzer, tracked for release, and documented on its own page.</summary>
public class DescriptorTests
{
    private static readonly DiagnosticDescriptor[] s_descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToArray();

    private static readonly string s_root = FindRepositoryRoot();

    public static TheoryData<string> Ids() => [.. s_descriptors.Select(d => d.Id)];

    [Fact]
    public void Ids_are_unique_start_at_020_and_share_one_category()
    {
        Assert.Equal(s_descriptors.Length, s_descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(s_descriptors, d =>
        {
            Assert.Matches("^PARSL0[2-9][0-9]$", d.Id);
            Assert.Equal("Parsl", d.Category);
            Assert.True(d.IsEnabledByDefault);
        });
    }

    [Fact]
    public void Every_descriptor_is_reported_by_an_analyzer()
    {
        var supported = typeof(DiagnosticDescriptors).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
            .Select(d => d.Id)
            .ToHashSet();
        Assert.All(s_descriptors, d => Assert.Contains(d.Id, supported));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_link_is_the_page_in_the_repository_and_the_page_exists(string id)
    {
        var descriptor = s_descriptors.Single(d => d.Id == id);
        Assert.Equal($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        var page = File.ReadAllText(Path.Combine(s_root, "docs", "diagnostics", id + ".md"));
        Assert.StartsWith($"# {id}: {descriptor.Title}", page);
        Assert.Contains("## How to fix", page);
    }

    [Fact]
    public void The_index_and_the_readme_link_every_page_including_the_generators()
    {
        var index = File.ReadAllText(Path.Combine(s_root, "docs", "diagnostics", "README.md"));
        var readme = File.ReadAllText(Path.Combine(s_root, "README.md"));
        // The generator's ids, from its own release tracking (shipped and not yet), so a new generator diagnostic needs a page too.
        var generatorIds = ReleaseTracking("generators", "Parsl.Generators").Split('\n')
            .Where(line => line.StartsWith("PARSL", StringComparison.Ordinal))
            .Select(line => line.Split('|')[0].Trim())
            .ToList();
        Assert.Contains("PARSL013", generatorIds);
        foreach (var id in generatorIds.Concat(s_descriptors.Select(d => d.Id)))
        {
            Assert.Contains($"[{id}]({id}.md)", index);
            Assert.True(readme.Contains($"[{id}](docs/diagnostics/{id}.md)", StringComparison.Ordinal), $"the README's diagnostics table lacks {id}");
            Assert.True(File.Exists(Path.Combine(s_root, "docs", "diagnostics", id + ".md")), id + " has no page");
        }
    }

    [Fact]
    public void Release_tracking_lists_every_descriptor_with_its_severity()
    {
        var tracked = ReleaseTracking("analyzers", "Parsl.Analyzers");
        foreach (var d in s_descriptors)
            Assert.Matches(new Regex($@"^{d.Id} \| Parsl \| {d.DefaultSeverity} \|", RegexOptions.Multiline), tracked);
    }

    /// <summary>A project's release tracking, the shipped releases and the one to come, as one text.</summary>
    private static string ReleaseTracking(string folder, string project) =>
        File.ReadAllText(Path.Combine(s_root, folder, project, "AnalyzerReleases.Shipped.md")) + "\n" +
        File.ReadAllText(Path.Combine(s_root, folder, project, "AnalyzerReleases.Unshipped.md"));

    [Fact]
    public void Messages_name_the_app_and_say_what_to_do()
    {
        Assert.All(s_descriptors, d =>
        {
            var message = d.MessageFormat.ToString();
            Assert.Contains("'{", message);
            Assert.Matches("; (pass|use|await|return|build)", message);
        });
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_build_that_names_the_docs_folder_gets_a_link_that_opens_the_page(string id)
    {
        var descriptor = s_descriptors.Single(d => d.Id == id);

        var linked = Parsl.Diagnostics.HelpLinks.Linked(descriptor, Path.Combine(s_root, "docs", "diagnostics") + Path.DirectorySeparatorChar);

        var uri = new Uri(linked.HelpLinkUri);
        Assert.True(uri.IsFile, linked.HelpLinkUri);
        Assert.True(File.Exists(uri.LocalPath), $"{linked.HelpLinkUri} does not exist");
        Assert.Equal(descriptor.MessageFormat.ToString(), linked.MessageFormat.ToString());
        Assert.Equal(descriptor.DefaultSeverity, linked.DefaultSeverity);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Parsl.Generators.sln")))
                return directory.FullName;
        throw new InvalidOperationException("Parsl.Generators.sln not found above " + AppContext.BaseDirectory);
    }
}
