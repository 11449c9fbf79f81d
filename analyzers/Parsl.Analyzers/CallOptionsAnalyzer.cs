using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Parsl.Analyzers.Apps;
using Parsl.Diagnostics;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL028 and PARSL029: constant per-call options that cannot work. <c>new AppCallOptions { Executor = "gpu" }</c> with a
/// label no <c>[assembly: ExecutorLabels]</c> declares (checked only when some are declared, as PARSL027 does); and a
/// constant <c>Stdout</c>/<c>Stderr</c> written like an attribute's path template (<c>"out/{protein}.txt"</c>): per-call
/// paths are used as given, so the placeholder would name a file literally.
/// </summary>
/// <remarks>Found by a syntax node action on object initializers that set those properties to string literals, bound only then.</remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CallOptionsAnalyzer : DiagnosticAnalyzer
{
    private const string OptionsTypeName = "Parsl.AppCallOptions";
    private static readonly Regex s_placeholder = new(@"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?\}(?!\})", RegexOptions.CultureInvariant);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnknownCallExecutorLabel, DiagnosticDescriptors.CallPathLooksLikeTemplate);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(AnalyzeInitializer, SyntaxKind.ObjectInitializerExpression);
    }

    private static void AnalyzeInitializer(SyntaxNodeAnalysisContext context)
    {
        var initializer = (InitializerExpressionSyntax)context.Node;
        var assignments = initializer.Expressions.OfType<AssignmentExpressionSyntax>()
            .Where(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "Executor" or "Stdout" or "Stderr" }
                && a.Right is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression })
            .ToList();
        if (assignments.Count == 0 || initializer.Parent is not BaseObjectCreationExpressionSyntax creation)
            return;
        if (context.SemanticModel.GetTypeInfo(creation, context.CancellationToken).Type is not { } type
            || type.ToDisplayString() != OptionsTypeName
            || KnownTypes.From(context.Compilation) is not { } types)
            return;
        foreach (var assignment in assignments)
        {
            var property = ((IdentifierNameSyntax)assignment.Left).Identifier.ValueText;
            var value = ((LiteralExpressionSyntax)assignment.Right).Token.ValueText;
            if (property == "Executor")
            {
                var declared = types.DeclaredExecutorLabels;
                if (declared.Count > 0 && !declared.Contains(value))
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnknownCallExecutorLabel.Linked(context.Options), assignment.Right.GetLocation(),
                        value, types.DeclaredExecutorLabelsText));
                continue;
            }
            if (s_placeholder.Match(value) is { Success: true } placeholder)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CallPathLooksLikeTemplate.Linked(context.Options), assignment.Right.GetLocation(),
                    property, value, placeholder.Value));
        }
    }
}
