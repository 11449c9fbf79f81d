using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Where the app analyzers start: a symbol action that runs for every compilation and returns at once unless it
/// references Parsl, with its types resolved on the first callback that asks, and hands each app over once.
/// </summary>
/// <remarks>
/// Types are not resolved at compilation start: the first symbol lookup in a compilation creates its assembly and
/// declaration table, and every compilation-start action that looks a type up waits on whichever got there first, its
/// time counted as its own (40 ms of ours on the 1,000-app bench). Symbol callbacks come after the compiler has done that.
/// </remarks>
internal static class ParslAnalysis
{
    public static void RegisterAppAction(AnalysisContext context, Action<SymbolAnalysisContext, ParslApp, KnownTypes> action) =>
        context.RegisterCompilationStartAction(start =>
        {
            // The compiler may announce both halves of a partial app; each app is handed over once.
            var seen = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterSymbolAction(symbol =>
            {
                if (KnownTypes.From(symbol.Compilation) is { } types
                    && ParslApp.From((IMethodSymbol)symbol.Symbol, types) is { } app
                    && seen.TryAdd(app.Method, true))
                    action(symbol, app, types);
            }, SymbolKind.Method);
        });
}
