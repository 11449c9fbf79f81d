using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Parsl.Bench.Compile;

/// <summary>
/// Times a real <c>dotnet build</c> of the synthetic project through a warm compiler server, as on a developer's
/// machine: what the compiler itself reports for the Parsl generator and analyzers (<c>-p:ReportAnalyzer=true</c>).
/// </summary>
/// <remarks>
/// The compiler server is started for these builds whatever the machine's <c>UseSharedCompilation</c> says (CI
/// machines often switch it off, and then every build is a cold compiler paying its own JIT), and shut down at the end.
/// The server's CPU time per build was tried as a second measure, with and without the analyzers: on this machine it
/// varies by ±1 s between identical builds, so it could not resolve differences of this size.
/// </remarks>
internal static class RealBuild
{
    public sealed record Run(double GeneratorMs, double AnalyzersMs);

    public static IReadOnlyList<Run> Measure(int apps, int runs, int warmUps, Action<string> progress)
    {
        var repository = RepositoryRoot();
        var folder = Path.Combine(Path.GetTempPath(), $"parsl-bench-build-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var (source, i) in SyntheticProject.Files(apps).Select((source, i) => (source, i)))
                File.WriteAllText(Path.Combine(folder, $"Part{i}.cs"), source);
            File.WriteAllText(Path.Combine(folder, "Synthetic.csproj"), ProjectFile(repository));
            // Restore and build the referenced Parsl projects once; every timed build compiles the synthetic project alone.
            Build(folder, restore: true);
            var results = new List<Run>();
            for (var run = 1 - warmUps; run <= runs; run++)
            {
                var build = Build(folder, restore: false);
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"  {(run <= 0 ? "warm-up" : "run " + run),-8} generator {build.GeneratorMs,6:0} ms  analyzers {build.AnalyzersMs,6:0} ms"));
                if (run > 0)
                    results.Add(build);
            }
            return results;
        }
        finally
        {
            Shell(folder, "dotnet build-server shutdown");
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string ProjectFile(string repository) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{repository}/src/Parsl/Parsl.csproj" />
            <ProjectReference Include="{repository}/generators/Parsl.Generators/Parsl.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
            <ProjectReference Include="{repository}/analyzers/Parsl.Analyzers/Parsl.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
        </Project>
        """;

    private static Run Build(string folder, bool restore)
    {
        // Touching a source makes the build compile again; everything else is up to date.
        File.SetLastWriteTimeUtc(Path.Combine(folder, "Part0.cs"), DateTime.UtcNow);
        var log = Path.Combine(folder, "build.log");
        Shell(folder, $"dotnet build -c Release {(restore ? "" : "--no-restore --no-dependencies")} -p:UseSharedCompilation=true " +
            $"-p:ReportAnalyzer=true -nodeReuse:false -noConsoleLogger \"-flp:logfile={log};verbosity=detailed\"");
        var text = File.ReadAllText(log);
        if (!text.Contains("Build succeeded.", StringComparison.Ordinal))
            throw new InvalidOperationException($"the synthetic project failed to build; see the log:\n{text[^Math.Min(text.Length, 4000)..]}");
        if (!text.Contains("server processed compilation", StringComparison.Ordinal))
            throw new InvalidOperationException("the build did not go through the compiler server, so its times would be a cold compiler's");
        return new Run(ReportedMs(text, "Parsl.Generators"), ReportedMs(text, "Parsl.Analyzers"));
    }

    // "   0.125   12   Parsl.Analyzers, Version=1.0.0.0, ..." in the compiler's -reportanalyzer table; absent when not loaded.
    private static double ReportedMs(string log, string assembly)
    {
        var match = Regex.Match(log, @"^\s*<?(\d+\.\d+)\s+<?\d+\s+" + Regex.Escape(assembly) + ", Version=", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 : 0;
    }

    // Through a shell with output to /dev/null: the compiler server this starts outlives the build and would otherwise
    // hold our output pipes open.
    private static void Shell(string folder, string command)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command + " > /dev/null 2>&1 < /dev/null"]) { WorkingDirectory = folder };
        start.Environment["UseSharedCompilation"] = "true";
        using var process = Process.Start(start)!;
        process.WaitForExit();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Parsl.Generators.sln")))
                return folder.FullName;
        throw new InvalidOperationException("run the bench from inside the repository: Parsl.Generators.sln was not found above " + AppContext.BaseDirectory);
    }
}
