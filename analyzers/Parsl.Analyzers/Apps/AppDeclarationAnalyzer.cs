using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Base of the analyzers that look at an app's declaration: called once per app, on the declaration that carries the
/// attribute (so a partial app whose other half is generated is seen once, where the user wrote it).
/// </summary>
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
            start.RegisterSyntaxNodeAction(node =>
            {
                var declaration = (MethodDeclarationSyntax)node.Node;
                if (declaration.AttributeLists.Count == 0
                    || GeneratedSource.IsGenerated(declaration.SyntaxTree, node.CancellationToken)
                    || node.SemanticModel.GetDeclaredSymbol(declaration, node.CancellationToken) is not { } method
                    || ParslApp.From(method, types) is not { } app
                    || app.Attribute.ApplicationSyntaxReference is not { } attribute
                    || attribute.SyntaxTree != declaration.SyntaxTree
                    || !declaration.Span.Contains(attribute.Span))
                    return;
                AnalyzeApp(node, app, declaration, types);
            }, SyntaxKind.MethodDeclaration);
        });
    }

    /// <summary>Whether the compilation has anything for this analyzer to check.</summary>
    private protected virtual bool ShouldAnalyze(Compilation compilation, KnownTypes types) => true;

    private protected abstract void AnalyzeApp(SyntaxNodeAnalysisContext context, ParslApp app, MethodDeclarationSyntax declaration, KnownTypes types);
}
