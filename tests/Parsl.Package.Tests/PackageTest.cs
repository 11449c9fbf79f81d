using System.Text.RegularExpressions;

namespace Parsl.Package.Tests;

/// <summary>
/// What the package test classes share: the feed, packed once for all of them (xunit runs two classes at a time: each
/// mostly waits on `dotnet` restoring and building a user's project), and how such a project is made and checked.
/// </summary>
public abstract partial class PackageTest
{
    /// <summary>Generator ran twice (CS0757), was built for a newer compiler and dropped (CS9057, formerly CS8032), or
    /// failed to load or run (CS8784, CS8785); an analyzer threw (AD0001).</summary>
    private static readonly string[] BrokenCompilerComponents = ["CS0757", "CS9057", "CS8032", "CS8784", "CS8785", "AD0001"];

    /// <summary>This test run's feed, packed when a test first needs it.</summary>
    protected static LocalFeed Feed => LocalFeed.Shared;

    /// <summary>A console project as <c>dotnet new console</c> makes one, with <paramref name="package"/> added from the feed as a user adds it.</summary>
    protected static string NewConsoleProject(string name, string package)
    {
        var project = Feed.NewFolder(name);
        File.WriteAllText(Path.Combine(project, name + ".csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>

            """);
        Feed.AddTo(project);
        Dotnet.Succeed(project, "add", "package", package, "--version", Feed.Version);
        return project;
    }

    private protected static void AssertCompilerComponentsLoaded(DotnetResult build)
    {
        foreach (var id in BrokenCompilerComponents)
            Assert.False(build.Output.Contains(id, StringComparison.Ordinal), $"{id} in the build:\n{build}");
    }

    private protected static void AssertNoWarnings(DotnetResult build) =>
        Assert.True(WarningCount().Match(build.Output) is { Success: true } m && m.Groups[1].Value == "0", $"expected a clean build:\n{build}");

    [GeneratedRegex(@"^\s*(\d+) Warning\(s\)", RegexOptions.Multiline)]
    private static partial Regex WarningCount();
}
