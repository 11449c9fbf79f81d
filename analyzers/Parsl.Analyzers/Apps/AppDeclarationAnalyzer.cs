using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Base of the analyzers that look at an app's declaration: called once per app, on the declaration that carries the
/// attribute (so a partial app whose other half is generated is seen once, where the user wrote it).
/// </summary>
/// <remarks>
/// Apps are found by a symbol action: a syntax node action would have the compiler walk every method declaration of
/// every file. Generated code is left out by the compiler's rule (the generator marks neither half of an app's partial
/// method <c>[GeneratedCode]</c>): asking for it made the driver prepare every generated file, 450 ms on the 1,000-app bench.
/// </remarks>
public abstract class AppDeclarationAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ParslAnalysis.RegisterAppAction(context, (symbol, app, types) =>
        {
            if (ShouldAnalyze(symbol.Compilation, types) && app.Declaration(symbol.CancellationToken) is { } declaration)
                AnalyzeApp(symbol, app, declaration, types);
        });
    }

    /// <summary>Whether the compilation has anything for this analyzer to check.</summary>
    private protected virtual bool ShouldAnalyze(Compilation compilation, KnownTypes types) => true;

    private protected abstract void AnalyzeApp(SymbolAnalysisContext context, ParslApp app, MethodDeclarationSyntax declaration, KnownTypes types);
}
