using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Parsl.Analyzers.Apps;
using Parsl.Diagnostics;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL027: an app pinned (<c>Executors = [...]</c>) to a label that the assembly does not declare. Labels are
/// declared in code with <c>[assembly: Parsl.ExecutorLabels("local", "midway")]</c> (the attribute may be repeated);
/// without any declaration nothing is checked, since the labels then live only in the run's config.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnknownExecutorLabelAnalyzer : AppDeclarationAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnknownExecutorLabel);

    private protected override bool ShouldAnalyze(Compilation compilation, KnownTypes types) => DeclaredLabels(compilation, types).Count > 0;

    private protected override void AnalyzeApp(SymbolAnalysisContext context, ParslApp app, MethodDeclarationSyntax declaration, KnownTypes types)
    {
        var labels = app.Attribute.NamedArguments.FirstOrDefault(a => a.Key == "Executors").Value;
        if (labels.Kind != TypedConstantKind.Array || labels.IsNull)
            return;
        var declared = DeclaredLabels(context.Compilation, types);
        var argument = (app.Attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax)?.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Executors");
        var elements = argument is null ? ImmutableArray<ExpressionSyntax>.Empty : ElementsOf(argument.Expression);
        for (var i = 0; i < labels.Values.Length; i++)
        {
            if (labels.Values[i].Value is not string label || declared.Contains(label))
                continue;
            var location = elements.Length == labels.Values.Length ? elements[i].GetLocation() : argument?.GetLocation() ?? declaration.Identifier.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownExecutorLabel.Linked(context.Options), location, app.Name, label, types.DeclaredExecutorLabelsText));
        }
    }

    /// <summary>Every label in the assembly's <c>[assembly: ExecutorLabels(...)]</c> attributes, read once per compilation.</summary>
    private static HashSet<string> DeclaredLabels(Compilation compilation, KnownTypes types) => types.DeclaredExecutorLabels;

    private static ImmutableArray<ExpressionSyntax> ElementsOf(ExpressionSyntax labels) => labels switch
    {
        CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression).ToImmutableArray(),
        ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.ToImmutableArray(),
        ImplicitArrayCreationExpressionSyntax creation => creation.Initializer.Expressions.ToImmutableArray(),
        _ => ImmutableArray<ExpressionSyntax>.Empty,
    };
}
