using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Tests;

/// <summary>CS1066 on an app's own half is suppressed (the generator carries the defaults over); on other partial methods it stays.</summary>
public class AppParameterDefaultsSuppressorTests
{
    private static async Task<IReadOnlyList<Diagnostic>> CompilerWarningsAsync(string source)
    {
        var references = Basic.References()
            .Append(MetadataReference.CreateFromFile(typeof(Parsl.AppAttribute).Assembly.Location));
        var compilation = CSharpCompilation.Create("Defaults", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var withSuppressor = compilation.WithAnalyzers([new AppParameterDefaultsSuppressor()],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false,
                logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
        var diagnostics = await withSuppressor.GetAllDiagnosticsAsync();
        return [.. diagnostics.Where(d => d.Id == "CS1066")];
    }

    [Fact]
    public async Task Defaults_on_an_apps_body_are_suppressed_and_elsewhere_reported()
    {
        var warnings = await CompilerWarningsAsync("""
            using Parsl;

            public static partial class Science
            {
                public static partial int Simulate(int steps, int seed);

                [App]
                public static partial int Simulate(int steps = 10, int seed = 1) => steps + seed;

                public static partial int Plain(int x);

                public static partial int Plain(int x = 2) => x;
            }
            """);

        var onApp = warnings.Where(w => w.GetMessage().Contains("'steps'") || w.GetMessage().Contains("'seed'")).ToList();
        Assert.Equal(2, onApp.Count);
        Assert.All(onApp, w => Assert.True(w.IsSuppressed, w.ToString()));
        var onPlain = Assert.Single(warnings, w => !w.IsSuppressed);
        Assert.Contains("'x'", onPlain.GetMessage());
    }

    /// <summary>The .NET reference assemblies the test process runs on.</summary>
    private static class Basic
    {
        public static IEnumerable<MetadataReference> References() =>
            ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
                .Select(path => MetadataReference.CreateFromFile(path));
    }
}
