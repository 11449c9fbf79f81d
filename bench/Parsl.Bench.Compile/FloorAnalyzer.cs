using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Bench.Compile;

/// <summary>
/// Does nothing, but asks for what the .NET SDK's own analyzers (on by default) make every build pay for: the operations
/// of every method body in user code, and every method symbol. Its time is the analyzer driver's fixed cost on this
/// project, binding included, which the Parsl analyzers then share.
/// </summary>
#pragma warning disable RS1036, RS1025, RS1026, RS1041, RS2008 // a measuring device inside the bench, not a shipped analyzer
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class FloorAnalyzer : DiagnosticAnalyzer
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
