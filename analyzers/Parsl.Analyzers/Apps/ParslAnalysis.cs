using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Analyzers.Apps;

/// <summary>Where every Parsl analyzer starts: only compilations that reference Parsl, with its types resolved.</summary>
internal static class ParslAnalysis
{
    public static void OnParslCompilation(AnalysisContext context, Action<CompilationStartAnalysisContext, KnownTypes> onCompilationStart) =>
        context.RegisterCompilationStartAction(start =>
        {
            if (KnownTypes.From(start.Compilation) is { } types)
                onCompilationStart(start, types);
        });
}
