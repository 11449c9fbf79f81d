using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Base of the analyzers that look inside app bodies: finds the apps and hands each body over once.
/// </summary>
/// <remarks>
/// Bodies come from an operation block action, so they are the operations the compiler's analyzer driver builds for
/// every method of user code anyway (a build's own analyzers ask for them), not a second binding of ours. Generated
/// code is left out by the compiler's rule: the generator marks none of the halves of an app's partial method as
/// generated, so the half the user wrote is analyzed. Binding our own copies of the app bodies instead (symbol action
/// plus semantic model) cost 140 ms on the 1,000-app bench, more than everything else the analyzers do.
/// </remarks>
public abstract class AppBodyAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ParslAnalysis.RegisterOperationBlockAction(context, (block, types) =>
        {
            if (block.OwningSymbol is not IMethodSymbol method || ParslApp.From(method, types) is not { } app || !Wants(app))
                return;
            // The body (block or expression body); attribute arguments and parameter defaults are constants.
            var body = block.OperationBlocks.Where(operation => operation is not IAttributeOperation).ToImmutableArray();
            if (!body.IsEmpty)
                AnalyzeApp(new AppBodyContext(block.Compilation, app, body, types, block.ReportDiagnostic, block.CancellationToken));
        });
    }

    /// <summary>Whether this analyzer has anything to check in <paramref name="app"/>'s body.</summary>
    private protected virtual bool Wants(ParslApp app) => true;

    private protected abstract void AnalyzeApp(AppBodyContext context);
}

/// <summary>An app whose body an <see cref="AppBodyAnalyzer"/> checks.</summary>
internal readonly struct AppBodyContext(
    Compilation compilation, ParslApp app, ImmutableArray<IOperation> body, KnownTypes types, Action<Diagnostic> report, CancellationToken cancellationToken)
{
    public Compilation Compilation { get; } = compilation;

    public ParslApp App { get; } = app;

    /// <summary>The operations of the app's body, in the file the user wrote.</summary>
    public ImmutableArray<IOperation> Body { get; } = body;

    public KnownTypes Types { get; } = types;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public void ReportDiagnostic(Diagnostic diagnostic) => report(diagnostic);
}
