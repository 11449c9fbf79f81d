using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Parsl.Analyzers.CodeFixes;

/// <summary>PARSL026: say that dropping the future is meant, with <c>_ = </c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DiscardFutureCodeFix)), Shared]
public sealed class DiscardFutureCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "Parsl.DiscardFuture";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnobservedFuture.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await DiagnosedNode.FindAsync(context).ConfigureAwait(false) is not var (root, node)
            || node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is not { } statement)
            return;
        context.RegisterCodeFix(
            CodeAction.Create("Discard the future explicitly ('_ = ')", _ =>
            {
                var discard = SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName("_"), statement.Expression.WithoutLeadingTrivia())
                    .WithLeadingTrivia(statement.Expression.GetLeadingTrivia());
                return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(statement, statement.WithExpression(discard))));
            }, EquivalenceKey),
            context.Diagnostics);
    }
}
