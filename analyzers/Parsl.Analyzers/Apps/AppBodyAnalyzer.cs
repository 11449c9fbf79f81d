using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Base of the analyzers that look inside app bodies: finds the apps and binds the body of each one that it has
/// something to check in, once.
/// </summary>
/// <remarks>
/// Apps are found by a symbol action and their bodies bound on demand, not through an operation block action: asking for
/// the operations of every method has the compiler bind every body in the project (nullable analysis included). The
/// .NET SDK's default analyzers ask for that too, so in a default build it would be shared, but a project without them
/// would pay for it (~100 ms on the 1,000-app bench). Here only the bodies an analyzer wants, and whose syntax shows
/// they could have the problem (see <see cref="BodySyntax"/>), are bound. Only the half of a partial app the user wrote
/// is read: generator output (named <c>*.g.cs</c>) never is.
/// </remarks>
public abstract class AppBodyAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ParslAnalysis.RegisterAppAction(context, (symbol, app, types) =>
        {
            if (!Wants(app)
                || UserBody(app.Method, symbol.CancellationToken) is not { } declaration
                || !CouldHaveProblem((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody!, types))
                return;
            if (types.ModelFor(declaration.SyntaxTree).GetOperation(declaration, symbol.CancellationToken) is { } body)
                AnalyzeApp(new AppBodyContext(symbol.Compilation, app, ImmutableArray.Create(body), types, symbol.Options, symbol.ReportDiagnostic, symbol.CancellationToken));
        });
    }

    /// <summary>The declaration of <paramref name="method"/> that has the body, unless it is generated (a bash template app's).</summary>
    private static MethodDeclarationSyntax? UserBody(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax { } declaration
                && (declaration.Body is not null || declaration.ExpressionBody is not null)
                && !IsGenerated(declaration.SyntaxTree))
                return declaration;
        }
        return null;
    }

    // The compiler's own rule for generated files by name, which is how generator output is named (Type.g.cs).
    private static bool IsGenerated(SyntaxTree tree) =>
        tree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || tree.FilePath.EndsWith(".generated.cs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this analyzer has anything to check in <paramref name="app"/>'s body.</summary>
    private protected virtual bool Wants(ParslApp app) => true;

    /// <summary>Whether the body's syntax leaves the problem possible; only then is the body bound.</summary>
    private protected virtual bool CouldHaveProblem(SyntaxNode body, KnownTypes types) => true;

    private protected abstract void AnalyzeApp(AppBodyContext context);
}

/// <summary>An app whose body an <see cref="AppBodyAnalyzer"/> checks.</summary>
internal readonly struct AppBodyContext(
    Compilation compilation, ParslApp app, ImmutableArray<IOperation> body, KnownTypes types, AnalyzerOptions options, Action<Diagnostic> report,
    CancellationToken cancellationToken)
{
    public Compilation Compilation { get; } = compilation;

    public ParslApp App { get; } = app;

    /// <summary>The operations of the app's body, in the file the user wrote.</summary>
    public ImmutableArray<IOperation> Body { get; } = body;

    public KnownTypes Types { get; } = types;

    /// <summary>The compilation's options, which say where the diagnostics' help pages are.</summary>
    public AnalyzerOptions Options { get; } = options;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public void ReportDiagnostic(Diagnostic diagnostic) => report(diagnostic);
}
