using System.Text.Json;

namespace Parsl.Package.Tests;

/// <summary>
/// The Parsl packages (the core, the worker-process executor, the schedulers, monitoring, its dashboard, YAML configs, and Parsl, which
/// brings them), the dashboard's tool and the template package, packed once per test run from this repository into a folder feed
/// outside it, under a version no earlier run used: the machine's global packages folder keeps every version it has
/// extracted, so a reused version would be served from there, stale.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    private static readonly Lazy<LocalFeed> s_shared = new(() =>
    {
        var feed = new LocalFeed();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => feed.Dispose();
        return feed;
    });

    /// <summary>This test run's feed: packed once, by the first test that asks (a failed pack fails every test that
    /// asks, with its output), and deleted when the test process exits, or else by the next run's.</summary>
    public static LocalFeed Shared => s_shared.Value;

    private const string FolderPrefix = "parsl-package-tests-";

    /// <summary>In <see cref="Root"/>: the owning test process's id and the feed's version.</summary>
    private const string OwnerFile = "owner";

    private LocalFeed()
    {
        SweepEarlierRuns();
        Version = $"0.2.0-test.{DateTime.UtcNow.Ticks}";
        Root = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        File.WriteAllText(Path.Combine(Root, OwnerFile), $"{Environment.ProcessId} {Version}");
        // The user's projects live below Root; empty MSBuild files here stop the walk up to any that a parent folder
        // (/tmp) might hold, so the projects see exactly what a user's would.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        FeedDirectory = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;

        try
        {
            // One pack of them all, through a solution filter: one MSBuild builds them side by side, instead of nine
            // starting and evaluating one after another (docs/performance.md, "Where CI's time goes").
            var filter = Path.Combine(Root, "packages.slnf");
            File.WriteAllText(filter, JsonSerializer.Serialize(new { solution = new { path = Path.Combine(RepositoryRoot, "Parsl.Generators.sln"), projects = Projects } }));
            Dotnet.Succeed(RepositoryRoot, "pack", filter, "-c", "Release", "--no-restore", "-o", FeedDirectory,
                $"-p:PackageVersion={Version}", $"-p:NuspecOutputPath={Path.Combine(Root, "nuspec")}/"); // not one per run in obj/
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>What is packed: each project a user may reference, and the template.</summary>
    private static readonly string[] Projects =
    [
        "src/Parsl/Parsl.csproj", "src/Parsl.HighThroughput/Parsl.HighThroughput.csproj", "src/Parsl.Schedulers/Parsl.Schedulers.csproj", "src/Parsl.Monitoring/Parsl.Monitoring.csproj",
        "src/Parsl.Dashboard/Parsl.Dashboard.csproj", "src/Parsl.Dashboard.Tool/Parsl.Dashboard.Tool.csproj", "src/Parsl.Yaml/Parsl.Yaml.csproj",
        "src/Parsl.Package/Parsl.Package.csproj", "src/Parsl.Templates/Parsl.Templates.csproj",
    ];

    /// <summary>The ids of the packages packed from <see cref="Projects"/>.</summary>
    public static readonly string[] PackageIds =
        ["Parsl.Core", "Parsl.HighThroughput", "Parsl.Schedulers", "Parsl.Monitoring", "Parsl.Dashboard", "Parsl.Dashboard.Tool", "Parsl.Yaml", "Parsl", "Parsl.Templates"];

    /// <summary>The packages' version, e.g. <c>0.2.0-test.638999999999999999</c>.</summary>
    public string Version { get; }

    /// <summary>The folder feed holding each of <see cref="PackageIds"/> as {id}.{Version}.nupkg.</summary>
    public string FeedDirectory { get; }

    /// <summary>A temporary folder outside the repository for the user's projects; deleted after the tests.</summary>
    public string Root { get; }

    public string Package(string id) => Path.Combine(FeedDirectory, $"{id}.{Version}.nupkg");

    /// <summary>Creates <paramref name="name"/> under <see cref="Root"/>.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>Adds this feed to a project's package sources, keeping the machine's (no &lt;clear/&gt;), as a user would.</summary>
    public void AddTo(string projectDirectory) => File.WriteAllText(Path.Combine(projectDirectory, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="parsl-local" value="{FeedDirectory}" />
          </packageSources>
        </configuration>

        """);

    /// <summary>tests/Parsl.Package.Tests/bin/&lt;Configuration&gt;/net10.0 is five folders below the repository.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public void Dispose() => Delete(Root, Version);

    /// <summary>
    /// Deletes the feeds of earlier runs whose test process is gone, with their extracted packages: `dotnet test` ends
    /// its test host once the tests are done, before the process-exit handler that would delete a shared feed runs.
    /// </summary>
    private static void SweepEarlierRuns()
    {
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.Combine(root, OwnerFile);
            var fields = File.Exists(owner) ? File.ReadAllText(owner).Split(' ') : [];
            // A feed without its owner is being made, or is not one of ours; a live owner is another run going on.
            if (fields.Length == 2 && int.TryParse(fields[0], out var pid) && !Directory.Exists($"/proc/{pid}"))
                Delete(root, fields[1]);
        }
    }

    private static void Delete(string root, string version)
    {
        Directory.Delete(root, recursive: true);
        // Only that run's unique version: the global packages folder is the machine's, not ours to clear.
        foreach (var id in PackageIds)
        {
            var extracted = Path.Combine(GlobalPackagesFolder(), id.ToLowerInvariant(), version);
            if (Directory.Exists(extracted))
                Directory.Delete(extracted, recursive: true);
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = directory.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        Assert.True(File.Exists(Path.Combine(root, "Parsl.Generators.sln")), $"{root} is not the repository root");
        return root;
    }

    /// <summary>NuGet's global packages folder for this machine (NUGET_PACKAGES, or ~/.nuget/packages).</summary>
    public static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
