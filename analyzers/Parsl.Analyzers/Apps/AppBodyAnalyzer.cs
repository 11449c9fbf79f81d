using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Base of the analyzers that look inside app bodies: finds the apps and hands each body over once.
/// </summary>
/// <remarks>
/// Apps are found by a symbol action, and only the bodies of apps this analyzer wants (<see cref="Wants"/>) are turned
/// into operations, from the compilation's shared semantic model of the file the user wrote. An operation block
/// action (for every method, or per app from a symbol start action) had the compiler build operations for generated
/// methods too, since generated code must be analyzed (see below): on the 1,000-app bench that cost more than all of
/// the analyzers' own work.
/// </remarks>
public abstract class AppBodyAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        // Generated files are skipped by GeneratedSource, not by the compiler's rule (see there).
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        ParslAnalysis.OnParslCompilation(context, (start, types) =>
        {
            // The compiler may announce both halves of a partial app; each app is analyzed once.
            var analyzed = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterSymbolAction(symbol =>
            {
                if (ParslApp.From((IMethodSymbol)symbol.Symbol, types) is not { } app || !Wants(app) || !analyzed.TryAdd(app.Method, true))
                    return;
                var body = types.BodyOf(app.Method, userWritten: true, symbol.CancellationToken);
                if (!body.IsEmpty)
                    AnalyzeApp(new AppBodyContext(symbol.Compilation, app, body, types, symbol.ReportDiagnostic, symbol.CancellationToken));
            }, SymbolKind.Method);
        });
    }

    /// <summary>Whether this analyzer has anything to check in <paramref name="app"/>'s body (asked before the body is bound).</summary>
    private protected virtual bool Wants(ParslApp app) => true;

    private protected abstract void AnalyzeApp(AppBodyContext context);
}

/// <summary>An app whose body an <see cref="AppBodyAnalyzer"/> checks.</summary>
internal readonly struct AppBodyContext(
    Compilation compilation, ParslApp app, ImmutableArray<IOperation> body, KnownTypes types, Action<Diagnostic> report, CancellationToken cancellationToken)
{
    public Compilation Compilation { get; } = compilation;

    public ParslApp App { get; } = app;

    /// <summary>The operations of the app's body (the method body operation), in the file the user wrote.</summary>
    public ImmutableArray<IOperation> Body { get; } = body;

    public KnownTypes Types { get; } = types;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public void ReportDiagnostic(Diagnostic diagnostic) => report(diagnostic);
}
