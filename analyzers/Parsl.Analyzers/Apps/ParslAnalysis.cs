using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Where the Parsl analyzers' symbol actions start: they run for every compilation and return at once unless it
/// references Parsl, with its types resolved on the first callback that asks.
/// </summary>
/// <remarks>
/// Not at compilation start: the first symbol lookup in a compilation creates its assembly and declaration table, and
/// every compilation-start action that looks a type up waits on whichever got there first, its time counted as its own
/// (40 ms of ours on the 1,000-app bench). Symbol callbacks come after the compiler has done that.
/// </remarks>
internal static class ParslAnalysis
{
    public static void RegisterSymbolAction(CompilationStartAnalysisContext context, Action<SymbolAnalysisContext, KnownTypes> action, SymbolKind kind) =>
        context.RegisterSymbolAction(symbol =>
        {
            if (KnownTypes.From(symbol.Compilation) is { } types)
                action(symbol, types);
        }, kind);
}
