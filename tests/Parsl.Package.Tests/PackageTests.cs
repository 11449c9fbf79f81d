using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Parsl.Package.Tests;

/// <summary>
/// What a user adds, for real: the packed packages restored from a folder feed into projects outside this repository,
/// built and run with the `dotnet` CLI. Slow (restores and builds), so there are few of them.
/// </summary>
public sealed class PackageTests : PackageTest
{
    [Fact]
    public void The_package_brings_the_runtime_the_generator_and_the_analyzers()
    {
        AssertPackageLayout();

        var project = NewConsoleProject("Lab", "Parsl");

        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Lab;
            using Parsl;

            await using var parsl = await DataFlowKernel.LoadAsync();
            Console.WriteLine("labels: " + await Samples.Run(new DateTime(2024, 5, 1)));

            """);

        // A cached app that reads the clock: the analyzers that came with the package say so.
        File.WriteAllText(Path.Combine(project, "Samples.cs"), Samples(
            app: """public static partial string Label(string sample) => $"{sample}@{DateTime.Now:yyyy-MM}";""",
            call: "LabelAsync(sample)"));
        var warned = Dotnet.Succeed(project, "build", "--no-incremental");
        AssertCompilerComponentsLoaded(warned);
        Assert.True(
            Regex.IsMatch(warned.Output, @"warning PARSL020: Cached app 'Samples\.Label' is not deterministic: [^\n]*DateTime\.Now"),
            $"expected PARSL020 for Samples.Label:\n{warned}");
        // Its help link opens the page the package brought.
        var page = Regex.Match(warned.Output, @"warning PARSL020: [^\n]*\((file:///[^)\s]*/docs/diagnostics/PARSL020\.md)\)");
        Assert.True(page.Success, $"expected PARSL020 with a link to its page:\n{warned}");
        Assert.True(File.Exists(new Uri(page.Groups[1].Value).LocalPath), $"{page.Groups[1].Value} does not exist");

        // The fix: the time is a parameter, so it is part of the memo key.
        File.WriteAllText(Path.Combine(project, "Samples.cs"), Samples(
            app: """public static partial string Label(string sample, DateTime measuredAt) => $"{sample}@{measuredAt:yyyy-MM}";""",
            call: "LabelAsync(sample, measuredAt)"));
        var clean = Dotnet.Succeed(project, "build", "--no-incremental");
        AssertCompilerComponentsLoaded(clean);
        AssertNoWarnings(clean);

        var output = Path.Combine(project, "bin", "Debug", "net10.0");
        AssertGrpcClientAlone(output, "default package folder");
        // NUGET_PACKAGES as users write it, with and without the trailing slash: the compiler is found either way.
        var packages = LocalFeed.GlobalPackagesFolder().TrimEnd('/');
        foreach (var root in new[] { packages, packages + "/" })
        {
            var rebuilt = Dotnet.Succeed(project, new Dictionary<string, string> { ["NUGET_PACKAGES"] = root }, "build", "--no-incremental");
            Assert.DoesNotContain("PARSLBUILD001", rebuilt.Output);
            AssertGrpcClientAlone(output, $"NUGET_PACKAGES={root}");
        }

        var run = Dotnet.Succeed(project, "run", "--no-build");
        Assert.Contains("labels: a@2024-05,b@2024-05,c@2024-05", run.Output);
    }

    [Fact]
    public void The_core_package_alone_runs_a_workflow_on_threads_without_networking_ssh_or_yaml_libraries()
    {
        var project = NewConsoleProject("ThreadsOnly", "Parsl.Core");
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Parsl;

            await using var parsl = await DataFlowKernel.LoadAsync();
            var squares = Enumerable.Range(1, 10).Select(i => Lab.SquareAsync(i)).ToList();
            Console.WriteLine("sum: " + await Lab.SumAsync(squares));

            static partial class Lab
            {
                [App]
                public static partial int Square(int x) => x * x;

                [App]
                public static partial int Sum(IReadOnlyList<int> values) => values.Sum();
            }

            """);

        var build = Dotnet.Succeed(project, "build", "--no-incremental");
        AssertCompilerComponentsLoaded(build);
        AssertNoWarnings(build);
        Assert.Contains("sum: 385", Dotnet.Succeed(project, "run", "--no-build").Output);
        var output = Path.Combine(project, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "Parsl.dll")), "Parsl.dll is not in the output");
        foreach (var library in new[] { "Parsl.HighThroughput", "Parsl.Schedulers", "Parsl.Yaml", "NetMQ", "Grpc.Net.Client", "Renci.SshNet", "YamlDotNet" })
            Assert.False(File.Exists(Path.Combine(output, library + ".dll")), $"{library}.dll came with the core package alone");
    }

    /// <summary>The gRPC client managers connect with was compiled ahead of time for this machine; the rest is left as shipped.</summary>
    private static void AssertGrpcClientAlone(string output, string how)
    {
        foreach (var assembly in new[] { "Grpc.Net.Client", "Grpc.Net.Common", "Grpc.Core.Api" })
            Assert.True(ReadyToRun.HasNativeCode(Path.Combine(output, assembly + ".dll")), $"{assembly}.dll in {output} has no ReadyToRun code ({how})");
        foreach (var assembly in new[] { "Parsl", "Parsl.HighThroughput", "NetMQ", "YamlDotNet" })
            Assert.False(ReadyToRun.HasNativeCode(Path.Combine(output, assembly + ".dll")), $"{assembly}.dll was compiled ahead of time too ({how})");
    }

    [Fact]
    public void The_template_creates_a_workflow_that_builds_and_runs()
    {
        // A private template hive: the user's own list of installed templates is never touched.
        var hive = Feed.NewFolder("template-hive");
        Dotnet.Succeed(Feed.Root, "new", "install", Feed.Package("Parsl.Templates"), "--debug:custom-hive", hive);

        var project = Path.Combine(Feed.Root, "PiLab");
        // The template's default Parsl version is the version it was packed with.
        Dotnet.Succeed(Feed.Root, "new", "parsl-workflow", "-n", "PiLab", "-o", project, "--no-update-check", "--debug:custom-hive", hive);
        Assert.Contains($"""<PackageReference Include="Parsl" Version="{Feed.Version}" />""", File.ReadAllText(Path.Combine(project, "PiLab.csproj")));
        Assert.Contains("namespace PiLab;", File.ReadAllText(Path.Combine(project, "PiEstimate.cs")));

        Feed.AddTo(project);
        var build = Dotnet.Succeed(project, "build", "--no-incremental", "-p:TreatWarningsAsErrors=true");
        AssertCompilerComponentsLoaded(build);
        AssertNoWarnings(build);

        var first = Dotnet.Succeed(project, "run", "--no-build");
        Assert.Matches(@"pi is about 3\.14\d\d \(8 batches of 250000 points\)", first.Output);
        Assert.Contains("0 of 10 tasks came from the checkpoint", first.Output);

        // The cached batches of the first run come back from its checkpoint.
        var second = Dotnet.Succeed(project, "run", "--no-build");
        Assert.Contains("8 of 10 tasks came from the checkpoint", second.Output);
    }

    private static string Samples(string app, string call) => $$"""
        using Parsl;

        namespace Lab;

        public static partial class Samples
        {
            [App(Cache = true)]
            {{app}}

            [App]
            public static partial string Join(IReadOnlyList<string> labels) => string.Join(",", labels);

            [Workflow]
            public static AppFuture<string> Run(DateTime measuredAt)
            {
                var labels = new List<AppFuture<string>>();
                foreach (var sample in new[] { "a", "b", "c" })
                    labels.Add({{call}});
                return JoinAsync(labels);
            }
        }

        """;

    /// <summary>
    /// Parsl holds no code, only the packages it brings, with all their assets (the core's analyzers would stop at
    /// a dependency otherwise). The core carries the kernel, and the generator, analyzers and code fixes in
    /// analyzers/dotnet/cs, once; no networking, SSH or YAML library. The worker-process executor, the schedulers and
    /// YAML configs bring their own libraries.
    /// </summary>
    private void AssertPackageLayout()
    {
        var (meta, metaEntries) = Manifest("Parsl");
        Assert.DoesNotContain(metaEntries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Equal(["Parsl.Core", "Parsl.Dashboard", "Parsl.HighThroughput", "Parsl.Monitoring", "Parsl.Schedulers", "Parsl.Yaml"], Dependencies(meta));
        foreach (var dependency in meta.Descendants().Where(e => e.Name.LocalName == "dependency"))
            Assert.True(string.IsNullOrEmpty((string?)dependency.Attribute("exclude")), $"Parsl's dependency on {dependency.Attribute("id")} excludes {dependency.Attribute("exclude")}");

        var (core, entries) = Manifest("Parsl.Core");
        Assert.Contains("lib/net10.0/Parsl.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Equal(
            ["analyzers/dotnet/cs/Parsl.Analyzers.CodeFixes.dll", "analyzers/dotnet/cs/Parsl.Analyzers.dll", "analyzers/dotnet/cs/Parsl.Generators.dll"],
            entries.Where(e => e.StartsWith("analyzers/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        // Polly.Core: staging downloads retry through a resilience pipeline users can replace (HttpStaging.Retries).
        Assert.Equal(["Microsoft.Extensions.Logging.Abstractions", "Polly.Core", "System.IO.Hashing"], Dependencies(core));
        Assert.DoesNotContain(core.Descendants(), e => e.Name.LocalName == "frameworkReference");
        Assert.Contains("docs/diagnostics/PARSL001.md", entries);
        Assert.Contains("docs/diagnostics/PARSL020.md", entries);
        Assert.Contains("build/Parsl.Core.props", entries);
        Assert.Contains("buildTransitive/Parsl.Core.props", entries);

        var (htex, htexEntries) = Manifest("Parsl.HighThroughput");
        Assert.Contains("lib/net10.0/Parsl.HighThroughput.dll", htexEntries);
        Assert.Contains("build/Parsl.HighThroughput.targets", htexEntries);
        Assert.Contains("buildTransitive/Parsl.HighThroughput.targets", htexEntries);
        Assert.DoesNotContain(htexEntries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));
        Assert.Equal(["Grpc.AspNetCore.Server", "Grpc.Net.Client", "NetMQ", "Parsl.Core"], Dependencies(htex));
        // The interchange's gRPC endpoint runs on Kestrel: the shared framework comes with the package (and brings logging).
        Assert.Equal(["Microsoft.AspNetCore.App"], htex.Descendants().Where(e => e.Name.LocalName == "frameworkReference").Select(e => (string)e.Attribute("name")!));

        var (schedulers, _) = Manifest("Parsl.Schedulers");
        Assert.Equal(["Parsl.Core", "SSH.NET"], Dependencies(schedulers));

        var (monitoring, _) = Manifest("Parsl.Monitoring");
        Assert.Equal(["Microsoft.Data.Sqlite", "Parsl.Core", "Spectre.Console"], Dependencies(monitoring));

        // The dashboard serves on Kestrel, like the interchange: no framework the worker-process executor does not bring already.
        var (dashboard, dashboardEntries) = Manifest("Parsl.Dashboard");
        Assert.Contains("lib/net10.0/Parsl.Dashboard.dll", dashboardEntries);
        Assert.Equal(["Parsl.Monitoring"], Dependencies(dashboard));
        Assert.Equal(["Microsoft.AspNetCore.App"], dashboard.Descendants().Where(e => e.Name.LocalName == "frameworkReference").Select(e => (string)e.Attribute("name")!));

        var (tool, toolEntries) = Manifest("Parsl.Dashboard.Tool");
        Assert.Equal("DotnetTool", (string?)tool.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name"));
        Assert.Contains("tools/net10.0/any/parsl-dashboard.dll", toolEntries);
        Assert.Contains("tools/net10.0/any/Parsl.Dashboard.dll", toolEntries);
        Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", toolEntries);

        var (yaml, _) = Manifest("Parsl.Yaml");
        Assert.Equal(["Parsl.Core", "Parsl.Dashboard", "Parsl.HighThroughput", "Parsl.Monitoring", "Parsl.Schedulers", "YamlDotNet"], Dependencies(yaml));

        using var templates = ZipFile.OpenRead(Feed.Package("Parsl.Templates"));
        Assert.DoesNotContain(templates.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
    }

    private (XDocument Manifest, List<string> Entries) Manifest(string id)
    {
        using var package = ZipFile.OpenRead(Feed.Package(id));
        using var nuspec = package.GetEntry(id + ".nuspec")!.Open();
        return (XDocument.Load(nuspec), package.Entries.Select(e => e.FullName).ToList());
    }

    private static List<string> Dependencies(XDocument manifest) =>
        [.. manifest.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).Order(StringComparer.Ordinal)];
}
