using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Parsl.Analyzers.Effects;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// What an app body's syntax alone says it can do, read before anything is bound: binding a body (nullable analysis
/// included) is what analyzing it costs, so bodies that cannot have the problem an analyzer looks for are never bound.
/// Each answer errs on the side of binding: it is false only when the operations could not show the problem either.
/// </summary>
internal static class BodySyntax
{
    /// <summary>
    /// Whether the body could write static state, directly or through source it calls: it assigns, increments or passes
    /// by reference; calls a method that changes its receiver (<c>Add</c>, <c>Enqueue</c>, …); or names a type or member
    /// declared in this compilation (a helper, a static field, a property, a constructor) or uses an indexer or
    /// <c>new()</c>, whose target the operations would follow.
    /// </summary>
    public static bool CouldWriteStaticState(SyntaxNode body, SourceNames declared)
    {
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax:
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }:
                case ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None }:
                case ImplicitObjectCreationExpressionSyntax:
                    return true;
                case ElementAccessExpressionSyntax when declared.Contains(WellKnownMemberNames.Indexer):
                    return true;
                case SimpleNameSyntax name when KnownApis.IsMutatorName(name.Identifier.ValueText)
                    || declared.Contains(name.Identifier.ValueText):
                    return true;
            }
        }
        return false;
    }

    /// <summary>Whether the body names a member that blocks on a future: <c>Result</c>, <c>Wait</c> or <c>GetResult</c>.</summary>
    public static bool CouldBlock(SyntaxNode body)
    {
        foreach (var node in body.DescendantNodes())
            if (node is SimpleNameSyntax { Identifier.ValueText: "Result" or "Wait" or "GetResult" })
                return true;
        return false;
    }
}
