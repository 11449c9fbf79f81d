using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Parsl.Analyzers.Tests;

/// <summary>
/// Runs an analyzer (and a code fix) over test sources compiled against .NET 10 and the real Parsl runtime, with
/// <c>{|PARSL0xx:…|}</c> markup marking where each diagnostic must be. The generator does not run here, so apps in
/// test sources are plain static methods with the attributes.
/// </summary>
internal static class Verify
{
    // The built-in Net90/Net100 reference sets name packs this machine's feed does not serve; this one is restored
    // by the project's PackageDownload.
    private static readonly ReferenceAssemblies Net100 =
        new("net10.0", new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"), Path.Combine("ref", "net10.0"));

    /// <summary>Checks the diagnostics marked in <paramref name="source"/>, plus <paramref name="expected"/> ones (which can check messages).</summary>
    public static Task AnalyzerAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = Net100 };
        Configure(test.TestState);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// Like <see cref="AnalyzerAsync{TAnalyzer}"/>, with files standing in for the generator's output (the other half of
    /// a partial app, in files marked <c>// &lt;auto-generated/&gt;</c> as the generator's are).
    /// </summary>
    public static Task AnalyzerWithGeneratedAsync<TAnalyzer>(string source, params (string FileName, string Text)[] generated)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = Net100 };
        Configure(test.TestState);
        foreach (var file in generated)
            test.TestState.Sources.Add(file);
        return test.RunAsync();
    }

    /// <summary>A diagnostic of <paramref name="descriptor"/> at markup location <paramref name="markupKey"/> (<c>{|#0:…|}</c>) with these message arguments.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor, int markupKey, params object[] arguments) =>
        new DiagnosticResult(descriptor).WithLocation(markupKey).WithArguments(arguments);

    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, string? equivalenceKey = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            ReferenceAssemblies = Net100,
        };
        Configure(test.TestState);
        Configure(test.FixedState);
        return test.RunAsync();
    }

    /// <summary>Checks that the fix offers nothing for the diagnostics in <paramref name="source"/>.</summary>
    public static Task NoCodeFixAsync<TAnalyzer, TCodeFix>(string source, string? equivalenceKey = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new() =>
        CodeFixAsync<TAnalyzer, TCodeFix>(source, source, equivalenceKey);

    private static void Configure(SolutionState state) => state.AdditionalReferences.Add(typeof(Parsl.AppAttribute).Assembly);
}
