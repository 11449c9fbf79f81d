using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Parsl.Bench.Compile;

/// <summary>
/// Times a real <c>dotnet build</c> of the synthetic project through a warm compiler server, as on a developer's
/// machine: what the compiler itself reports for the Parsl generator and analyzers (<c>-p:ReportAnalyzer=true</c>), and
/// the compile (the <c>Csc</c> task: parsing, binding, the SDK's analyzers, emitting) with them and without them, the
/// latter a twin project holding the generated code as plain sources and no Parsl generator or analyzers. A third twin
/// is the plain one with the floor generator (<c>Parsl.Bench.Compile.Floor</c>, which finds the apps and emits nothing):
/// what any attribute-driven generator costs a build. Every timed build follows an unrelated edit (one helper's body
/// changed), in all three alike.
/// </summary>
/// <remarks>
/// The compiler server is started for these builds whatever the machine's <c>UseSharedCompilation</c> says (CI
/// machines often switch it off, and then every build is a cold compiler paying its own JIT), and shut down at the end.
/// The server's CPU time per build was tried as a second measure, with and without the analyzers: on this machine it
/// varies by ±1 s between identical builds, so it could not resolve differences of this size.
/// </remarks>
internal static class RealBuild
{
    public sealed record Run(double GeneratorMs, double AnalyzersMs, double CompileMs, double PlainCompileMs = 0, double FloorCompileMs = 0, double FloorGeneratorMs = 0);

    private enum Twin { WithParsl, Plain, Floor }

    public static IReadOnlyList<Run> Measure(int apps, int runs, int warmUps, Action<string> progress)
    {
        var repository = RepositoryRoot();
        var root = Path.Combine(Path.GetTempPath(), $"parsl-bench-build-{Environment.ProcessId}");
        var folder = Path.Combine(root, "with-parsl");
        var plain = Path.Combine(root, "plain");
        var floor = Path.Combine(root, "floor");
        Directory.CreateDirectory(folder);
        try
        {
            var sources = SyntheticProject.Files(apps);
            foreach (var (source, i) in sources.Select((source, i) => (source, i)))
                File.WriteAllText(Path.Combine(folder, $"Part{i}.cs"), source);
            File.WriteAllText(Path.Combine(folder, "Synthetic.csproj"), ProjectFile(repository, Twin.WithParsl));
            // Restore and build the referenced Parsl projects once, writing out the generated code for the twin; every
            // timed build compiles the synthetic project alone.
            Build(folder, restore: true, edit: 0);
            var generated = Path.Combine(folder, "obj", "Release", "net10.0", "generated");
            foreach (var (twin, twinFolder) in new[] { (Twin.Plain, plain), (Twin.Floor, floor) })
            {
                Directory.CreateDirectory(twinFolder);
                foreach (var (file, i) in Directory.GetFiles(generated, "*.cs", SearchOption.AllDirectories).Select((file, i) => (file, i)))
                    File.Copy(file, Path.Combine(twinFolder, $"Generated{i}.{Path.GetFileName(file)}"));
                foreach (var (source, i) in sources.Select((source, i) => (source, i)))
                    File.WriteAllText(Path.Combine(twinFolder, $"Part{i}.cs"), source);
                File.WriteAllText(Path.Combine(twinFolder, "Synthetic.csproj"), ProjectFile(repository, twin));
                Build(twinFolder, restore: true, edit: 0);
            }
            var results = new List<Run>();
            for (var run = 1 - warmUps; run <= runs; run++)
            {
                // The three take turns going first, so none always meets a server fresh from another's build.
                var order = new[] { folder, plain, floor };
                var builds = new Dictionary<string, Run>();
                for (var i = 0; i < order.Length; i++)
                {
                    var twinFolder = order[(i + run + warmUps) % order.Length];
                    builds[twinFolder] = Build(twinFolder, restore: false, edit: run + warmUps);
                }
                var build = builds[folder] with
                {
                    PlainCompileMs = builds[plain].CompileMs,
                    FloorCompileMs = builds[floor].CompileMs,
                    FloorGeneratorMs = builds[floor].FloorGeneratorMs,
                };
                progress(string.Create(CultureInfo.InvariantCulture,
                    $"  {(run <= 0 ? "warm-up" : "run " + run),-8} generator {build.GeneratorMs,5:0} ms  analyzers {build.AnalyzersMs,5:0} ms  compile {build.CompileMs,5:0} ms  without Parsl {build.PlainCompileMs,5:0} ms  floor {build.FloorCompileMs,5:0} ms (its generator {build.FloorGeneratorMs,4:0} ms)"));
                if (run > 0)
                    results.Add(build);
            }
            return results;
        }
        finally
        {
            Shell(folder, "dotnet build-server shutdown");
            Directory.Delete(root, recursive: true);
        }
    }

    private static string ProjectFile(string repository, Twin twin) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="{repository}/src/Parsl/Parsl.csproj" />
          </ItemGroup>
          <ItemGroup Condition="{(twin == Twin.WithParsl ? "true" : "false")}">
            <ProjectReference Include="{repository}/generators/Parsl.Generators/Parsl.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
            <ProjectReference Include="{repository}/analyzers/Parsl.Analyzers/Parsl.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
          <ItemGroup Condition="{(twin == Twin.Floor ? "true" : "false")}">
            <ProjectReference Include="{repository}/bench/Parsl.Bench.Compile.Floor/Parsl.Bench.Compile.Floor.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
          </ItemGroup>
        </Project>
        """;

    private static Run Build(string folder, bool restore, int edit)
    {
        // An unrelated edit (a helper's body, nothing the generator reads) makes the build compile again; everything
        // else is up to date.
        var part = Path.Combine(folder, "Part0.cs");
        File.WriteAllText(part, Regex.Replace(File.ReadAllText(part), @"x \* 0\.5 \+ \d+", $"x * 0.5 + {edit + 1}"));
        var log = Path.Combine(folder, "build.log");
        Shell(folder, $"dotnet build -c Release {(restore ? "-p:EmitCompilerGeneratedFiles=true" : "--no-restore --no-dependencies")} -p:UseSharedCompilation=true " +
            $"-p:ReportAnalyzer=true -nodeReuse:false -noConsoleLogger \"-flp:logfile={log};verbosity=detailed;performancesummary\"");
        var text = File.ReadAllText(log);
        if (!text.Contains("Build succeeded.", StringComparison.Ordinal))
            throw new InvalidOperationException($"the synthetic project failed to build; see the log:\n{text[^Math.Min(text.Length, 4000)..]}");
        if (!text.Contains("server processed compilation", StringComparison.Ordinal))
            throw new InvalidOperationException("the build did not go through the compiler server, so its times would be a cold compiler's");
        return new Run(ReportedMs(text, "Parsl.Generators"), ReportedMs(text, "Parsl.Analyzers"), CscMs(text),
            FloorGeneratorMs: ReportedMs(text, "Parsl.Bench.Compile.Floor"));
    }

    // "     1523 ms  Csc                                        1 calls" in the task performance summary.
    private static double CscMs(string log)
    {
        var match = Regex.Match(log, @"^\s*(\d+) ms\s+Csc\s+\d+ calls", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("the build log has no time for the Csc task (task performance summary)");
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
