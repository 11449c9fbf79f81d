using System.Collections.Concurrent;
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
/// every file, generated ones included, since generated code must be analyzed (see below).
/// </remarks>
public abstract class AppDeclarationAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        // Generated files are skipped by GeneratedSource, not by the compiler's rule (see there).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        ParslAnalysis.OnParslCompilation(context, (start, types) =>
        {
            if (!ShouldAnalyze(start.Compilation, types))
                return;
            // The compiler may announce both halves of a partial app; each app is analyzed once.
            var analyzed = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterSymbolAction(symbol =>
            {
                if (ParslApp.From((IMethodSymbol)symbol.Symbol, types) is not { } app
                    || app.Attribute.ApplicationSyntaxReference is not { } attribute
                    || types.IsGenerated(attribute.SyntaxTree, symbol.CancellationToken)
                    || !analyzed.TryAdd(app.Method, true)
                    || attribute.GetSyntax(symbol.CancellationToken).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration
                    || !declaration.Span.Contains(attribute.Span))
                    return;
                AnalyzeApp(symbol, app, declaration, types);
            }, SymbolKind.Method);
        });
    }

    /// <summary>Whether the compilation has anything for this analyzer to check.</summary>
    private protected virtual bool ShouldAnalyze(Compilation compilation, KnownTypes types) => true;

    private protected abstract void AnalyzeApp(SymbolAnalysisContext context, ParslApp app, MethodDeclarationSyntax declaration, KnownTypes types);
}
