using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>Base of the analyzers that look inside app bodies: finds the apps and hands each body over once.</summary>
public abstract class AppBodyAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        // Generated files are skipped by GeneratedSource, not by the compiler's rule (see there).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        ParslAnalysis.OnParslCompilation(context, (start, types) => start.RegisterOperationBlockAction(block =>
        {
            if (block.OwningSymbol is IMethodSymbol method && ParslApp.From(method, types) is { } app
                && !block.OperationBlocks.IsEmpty && !GeneratedSource.IsGenerated(block.OperationBlocks[0].Syntax.SyntaxTree, block.CancellationToken))
                AnalyzeApp(block, app, types);
        }));
    }

    private protected abstract void AnalyzeApp(OperationBlockAnalysisContext context, ParslApp app, KnownTypes types);
}
