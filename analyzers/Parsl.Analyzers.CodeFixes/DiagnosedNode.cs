using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Parsl.Analyzers.CodeFixes;

/// <summary>The syntax a code fix is asked about.</summary>
internal static class DiagnosedNode
{
    /// <summary>The document's root and the innermost node spanning the diagnostic, or null.</summary>
    public static async Task<(SyntaxNode Root, SyntaxNode Node)?> FindAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        return root?.FindNode(context.Span, getInnermostNodeForTie: true) is { } node ? (root, node) : null;
    }
}
