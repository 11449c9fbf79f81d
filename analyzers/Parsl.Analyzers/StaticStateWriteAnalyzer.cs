using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Parsl.Analyzers.Apps;
using Parsl.Analyzers.Effects;
using Parsl.Diagnostics;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL025: an app that assigns, increments or passes by reference a static field or property, or changes a static
/// collection, in its body or in the source methods it calls. Apps run in parallel (the write races) and, with
/// remote executors, in other processes (the write is lost).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaticStateWriteAnalyzer : AppBodyAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.StaticStateWrite);

    private protected override bool CouldHaveProblem(SyntaxNode body, KnownTypes types) => BodySyntax.CouldWriteStaticState(body, types.SourceNames);

    private protected override void AnalyzeApp(AppBodyContext context)
    {
        foreach (var finding in EffectIndex.FindInApp(context, EffectKind.StaticWrite, _ => true))
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.StaticStateWrite.Linked(context.Options), finding.Location, context.App.Name, finding.ChainText));
    }
}
