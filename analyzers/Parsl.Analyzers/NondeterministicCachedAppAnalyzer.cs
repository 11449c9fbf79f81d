using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Parsl.Analyzers.Apps;
using Parsl.Analyzers.Effects;
using Parsl.Diagnostics;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL020: a cached app whose result can differ between two calls with the same arguments (clock, randomness,
/// environment, process, mutable static state, network, files that are not inputs), found in its body or in the
/// source methods it calls, and reported at the app's own call with the chain that leads there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NondeterministicCachedAppAnalyzer : AppBodyAnalyzer
{
    /// <summary>Set on a diagnostic whose expression is directly in the app and could become a parameter.</summary>
    internal const string SimpleValueProperty = "SimpleValue";

    private static readonly ImmutableDictionary<string, string?> s_simpleValue = ImmutableDictionary<string, string?>.Empty.Add(SimpleValueProperty, "true");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.NondeterministicCachedApp);

    // Only cached apps are checked, so only their bodies are bound.
    private protected override bool Wants(ParslApp app) => app.Cache;

    private protected override void AnalyzeApp(AppBodyContext context)
    {
        var app = context.App;
        var method = app.Method;
        var types = context.Types;
        bool IsKeyed(int ordinal) => ordinal < method.Parameters.Length && !ParslApp.IsLeftOutOfKey(method.Parameters[ordinal], types);
        foreach (var finding in EffectIndex.FindInApp(context, EffectKind.Nondeterminism, IsKeyed))
        {
            var properties = finding.IsDirect && finding.Effect.IsSimpleValue ? s_simpleValue : ImmutableDictionary<string, string?>.Empty;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NondeterministicCachedApp.Linked(context.Options), finding.Location, properties, app.Name, finding.ChainText));
        }
    }
}
