using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>Base of the analyzers that look inside app bodies: finds the apps and hands each body over once.</summary>
public abstract class AppBodyAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ParslAnalysis.OnParslCompilation(context, (start, types) => start.RegisterOperationBlockAction(block =>
        {
            if (block.OwningSymbol is IMethodSymbol method && ParslApp.From(method, types) is { } app)
                AnalyzeApp(block, app, types);
        }));
    }

    private protected abstract void AnalyzeApp(OperationBlockAnalysisContext context, ParslApp app, KnownTypes types);
}
