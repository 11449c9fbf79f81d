using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Bench.Compile;

/// <summary>
/// Does nothing, but asks for the operations of every method body in user code and for every method symbol. Put in the
/// Parsl analyzers' place (<c>--only floor-probe</c>) over the SDK's analyzers alone, it measures what asking for all
/// bodies adds to a build that runs them: nothing, when they bind every body anyway.
/// </summary>
#pragma warning disable RS1036, RS1025, RS1026, RS1041, RS2008 // a measuring device inside the bench, not a shipped analyzer
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FloorProbe : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_never = new("FLOOR001", "never reported", "never reported", "Bench", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(_ => { }, SymbolKind.Method);
        context.RegisterOperationBlockAction(_ => { });
    }
}
