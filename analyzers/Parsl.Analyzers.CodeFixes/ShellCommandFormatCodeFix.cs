using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace Parsl.Analyzers.CodeFixes;

/// <summary>
/// PARSL024: build the command with <c>ShellCommand.Format($"...")</c>, which quotes every value. An interpolated
/// string is wrapped as it is; a concatenation becomes one interpolated string, constants as text and every other
/// operand as a hole. <c>string.Format</c>, <c>string.Concat</c> and <c>+=</c> are left to the user.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ShellCommandFormatCodeFix)), Shared]
public sealed class ShellCommandFormatCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "Parsl.ShellCommandFormat";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnquotedBashCommand.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var node = (await DiagnosedNode.FindAsync(context).ConfigureAwait(false))?.Node;
        if (node is not (InterpolatedStringExpressionSyntax { StringStartToken.RawKind: (int)SyntaxKind.InterpolatedStringStartToken or (int)SyntaxKind.InterpolatedVerbatimStringStartToken }
            or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }))
            return;
        var command = (ExpressionSyntax)node;
        context.RegisterCodeFix(
            CodeAction.Create("Build the command with ShellCommand.Format, which quotes each value",
                cancellationToken => FormatAsync(context.Document, command, cancellationToken), EquivalenceKey),
            context.Diagnostics);
    }

    private static async Task<Document> FormatAsync(Document document, ExpressionSyntax command, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var interpolated = command as InterpolatedStringExpressionSyntax ?? Interpolate((BinaryExpressionSyntax)command, model!, cancellationToken);
        var format = SyntaxFactory.InvocationExpression(
                SyntaxFactory.ParseExpression("global::Parsl.ShellCommand.Format").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(interpolated.WithoutTrivia()))))
            .WithTriviaFrom(command);
        return document.WithSyntaxRoot(root!.ReplaceNode(command, format));
    }

    // "run " + input + " --n " + n  →  $"run {input} --n {n}"
    private static InterpolatedStringExpressionSyntax Interpolate(BinaryExpressionSyntax concatenation, SemanticModel model, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("$\"");
        foreach (var operand in Operands(concatenation))
        {
            var constant = model.GetConstantValue(operand, cancellationToken);
            if (constant.HasValue)
                text.Append(Escape(System.Convert.ToString(constant.Value, CultureInfo.InvariantCulture) ?? ""));
            else if (operand is InterpolatedStringExpressionSyntax { StringStartToken.RawKind: (int)SyntaxKind.InterpolatedStringStartToken } inner)
                text.Append(string.Concat(inner.Contents.Select(content => content.ToFullString())));
            else
                text.Append('{').Append(Hole(operand)).Append('}');
        }
        text.Append('"');
        return (InterpolatedStringExpressionSyntax)SyntaxFactory.ParseExpression(text.ToString());
    }

    private static IEnumerable<ExpressionSyntax> Operands(ExpressionSyntax expression) =>
        expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } binary
            ? Operands(binary.Left).Concat(Operands(binary.Right))
            : new[] { expression };

    // A hole ends at ':' or ',' at its top level, so anything but a simple expression goes in parentheses.
    private static string Hole(ExpressionSyntax operand) =>
        operand is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            ? operand.WithoutTrivia().ToString()
            : "(" + operand.WithoutTrivia() + ")";

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '{' => "{{",
                '}' => "}}",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
