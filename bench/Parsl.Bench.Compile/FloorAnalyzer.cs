using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Bench.Compile;

/// <summary>
/// Does nothing, but asks for what the Parsl analyzers ask for (every method symbol, generated code included), so its
/// time is the analyzer driver's fixed cost on this project: binding that a build pays anyway.
/// </summary>
#pragma warning disable RS1036, RS1025, RS1026, RS1041, RS2008 // a measuring device inside the bench, not a shipped analyzer
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_never = new("FLOOR001", "never reported", "never reported", "Bench", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(_ => { }, SymbolKind.Method);
        context.RegisterOperationBlockAction(_ => { });
    }
}
