using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Parsl.Analyzers.Apps;

namespace Parsl.Analyzers;

/// <summary>
/// Suppresses CS1066 ("the default value … will have no effect") on the parameters of an app the user wrote the body
/// of: C# ignores defaults on the implementing half of a partial method, but the generator copies them to the half it
/// writes and to the app's <c>…Async</c> stub, so they do take effect, as in Python.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AppParameterDefaultsSuppressor : DiagnosticSuppressor
{
    internal static readonly SuppressionDescriptor DefaultsTakeEffect = new(
        "PARSLSPR001", "CS1066",
        "An app's default values take effect: the Parsl generator copies them to the declaration it writes and to the app's ...Async stub");

    /// <inheritdoc />
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(DefaultsTakeEffect);

    /// <inheritdoc />
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        if (KnownTypes.From(context.Compilation) is not { } types)
            return;
        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            if (diagnostic.Location.SourceTree is not { } tree)
                continue;
            var node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan);
            // Only the half with a body, carrying attributes, can be an app whose defaults the generator copies.
            if (node.FirstAncestorOrSelf<ParameterSyntax>()?.Parent?.Parent is not MethodDeclarationSyntax { AttributeLists.Count: > 0 } method
                || (method.Body is null && method.ExpressionBody is null))
                continue;
            if (context.GetSemanticModel(tree).GetDeclaredSymbol(method, context.CancellationToken) is IMethodSymbol symbol && ParslApp.From(symbol, types) is not null)
                context.ReportSuppression(Suppression.Create(DefaultsTakeEffect, diagnostic));
        }
    }
}
