using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Where the app analyzers start: a symbol action that returns at once unless the compilation references Parsl, with
/// its types resolved on the first callback that asks, and hands each app over once.
/// </summary>
/// <remarks>
/// Types are not resolved at compilation start: the first symbol lookup in a compilation creates its assembly and
/// declaration table, and every compilation-start action that looks a type up waits on whichever got there first, its
/// time counted as its own (40 ms of ours on the 1,000-app bench). Symbol callbacks come after the compiler has done that.
/// </remarks>
internal static class ParslAnalysis
{
    public static void RegisterAppAction(AnalysisContext context, Action<SymbolAnalysisContext, ParslApp, KnownTypes> action) =>
        context.RegisterSymbolAction(symbol =>
        {
            // The compiler announces both halves of a partial app (the generated half only to analyzers that read
            // generated code); each app is handed over once, with the half that carries its attribute: the user's.
            var method = (IMethodSymbol)symbol.Symbol;
            if (KnownTypes.From(symbol.Compilation) is { } types
                && ParslApp.From(method, types) is { } app
                && app.IsAttributedOn(method))
                action(symbol, app, types);
        }, SymbolKind.Method);
}
