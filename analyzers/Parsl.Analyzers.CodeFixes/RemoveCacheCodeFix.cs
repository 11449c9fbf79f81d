using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Parsl.Analyzers.CodeFixes;

/// <summary>PARSL020–022: make the app uncached by removing <c>Cache = true</c> from its attribute.</summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(RemoveCacheCodeFix)), Shared]
public sealed class RemoveCacheCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "Parsl.RemoveCache";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NondeterministicCachedApp.Id, DiagnosticDescriptors.UnkeyableParameter.Id, DiagnosticDescriptors.UnstorableResult.Id);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await DiagnosedNode.FindAsync(context).ConfigureAwait(false) is not { Node: var node }
            || await AppLocation.FindAsync(context.Document, node, context.CancellationToken).ConfigureAwait(false) is not { } location
            || location.App.Attribute.ApplicationSyntaxReference is not { } attributeReference
            || context.Document.Project.Solution.GetDocument(attributeReference.SyntaxTree) is not { } attributeDocument)
            return;
        var attribute = (AttributeSyntax)await attributeReference.GetSyntaxAsync(context.CancellationToken).ConfigureAwait(false);
        if (CacheArgument(attribute) is null)
            return;
        context.RegisterCodeFix(
            CodeAction.Create($"Make '{location.App.Name}' uncached (remove Cache = true)",
                cancellationToken => RemoveCacheAsync(attributeDocument, attribute, cancellationToken), EquivalenceKey),
            context.Diagnostics);
    }

    private static AttributeArgumentSyntax? CacheArgument(AttributeSyntax attribute) =>
        attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Cache");

    private static async Task<Solution> RemoveCacheAsync(Document document, AttributeSyntax attribute, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var arguments = attribute.ArgumentList!;
        var remaining = arguments.Arguments.Remove(CacheArgument(attribute)!);
        var updated = remaining.Count == 0 ? attribute.WithArgumentList(null) : attribute.WithArgumentList(arguments.WithArguments(remaining));
        return document.WithSyntaxRoot(root!.ReplaceNode(attribute, updated)).Project.Solution;
    }
}
