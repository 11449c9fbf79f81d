using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Bench.Compile;

/// <summary>
/// The analyzers the .NET SDK runs in every build (Microsoft.CodeAnalysis.NetAnalyzers, shipped inside the SDK), with their
/// default severities. They have the compiler's analyzer driver bind every method body into operations and walk them,
/// which the Parsl analyzers then share; so what Parsl adds is measured on top of them.
/// </summary>
internal static class SdkAnalyzers
{
    /// <summary>The SDK's analyzers, or empty (with the reason) when no SDK folder is found next to this runtime.</summary>
    public static (ImmutableArray<DiagnosticAnalyzer> Analyzers, string Source) Load()
    {
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/ → <dotnet root>/sdk/<version>/Sdks/Microsoft.NET.Sdk/analyzers/
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var folder = Directory.Exists(Path.Combine(root, "sdk"))
            ? Directory.GetDirectories(Path.Combine(root, "sdk"))
                .Select(sdk => Path.Combine(sdk, "Sdks", "Microsoft.NET.Sdk", "analyzers"))
                .Where(Directory.Exists)
                .OrderDescending(StringComparer.Ordinal)
                .FirstOrDefault()
            : null;
        if (folder is null)
            return ([], $"no SDK analyzers under {root}");
        var loader = new Loader();
        ImmutableArray<DiagnosticAnalyzer> analyzers = [.. new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" }
            .Select(name => new AnalyzerFileReference(Path.Combine(folder, name), loader))
            .SelectMany(reference => reference.GetAnalyzers(LanguageNames.CSharp))];
        return (analyzers, folder);
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath) { }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
