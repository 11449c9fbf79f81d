using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Parsl.Analyzers.Apps;

namespace Parsl.Analyzers.CodeFixes;

/// <summary>
/// PARSL020, when the nondeterministic expression is a simple value directly in the app (<c>DateTime.Now</c>,
/// <c>Guid.NewGuid()</c>, <c>Environment.GetEnvironmentVariable("HOME")</c>): make it a parameter, so the caller
/// supplies it and it becomes part of the memo key.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ValueToParameterCodeFix)), Shared]
public sealed class ValueToParameterCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "Parsl.ValueToParameter";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.NondeterministicCachedApp.Id);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.ContainsKey(NondeterministicCachedAppAnalyzer.SimpleValueProperty))
            return;
        if (await DiagnosedNode.FindAsync(context).ConfigureAwait(false) is not { Node: ExpressionSyntax expression }
            || await AppLocation.FindAsync(context.Document, expression, context.CancellationToken).ConfigureAwait(false) is not { } app
            || !app.OwnsSignature(context.Document)
            || app.Model.GetTypeInfo(expression, context.CancellationToken).Type is not { } type
            || !(type.IsValueType || type.SpecialType == SpecialType.System_String)
            || StableKeyTypes.Problem(type, app.Types) is not null)
            return;
        context.RegisterCodeFix(
            CodeAction.Create($"Pass '{expression}' in as a parameter of '{app.App.Name}'",
                cancellationToken => IntroduceParameterAsync(context.Document, app, expression, type, cancellationToken), EquivalenceKey),
            diagnostic);
    }

    private static async Task<Document> IntroduceParameterAsync(Document document, AppLocation app, ExpressionSyntax expression, ITypeSymbol type, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var name = UniqueName(app.Declaration, BaseName(expression));
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithType(SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation));
        var parameters = app.Declaration.ParameterList.Parameters;
        // Before a CancellationToken, which by convention comes last.
        var tokenIndex = app.App.Method.Parameters.ToList().FindIndex(p => SymbolEqualityComparer.Default.Equals(p.Type, app.Types.CancellationToken));
        var updated = tokenIndex >= 0 ? parameters.Insert(tokenIndex, parameter) : parameters.Add(parameter);
        editor.ReplaceNode(app.Declaration.ParameterList, app.Declaration.ParameterList.WithParameters(updated));
        editor.ReplaceNode(expression, SyntaxFactory.IdentifierName(name).WithTriviaFrom(expression));
        return editor.GetChangedDocument();
    }

    // DateTime.Now → now, Environment.TickCount64 → tickCount64, Guid.NewGuid() → guid, GetEnvironmentVariable("X") → environmentVariable.
    private static string BaseName(ExpressionSyntax expression)
    {
        var target = expression is InvocationExpressionSyntax invocation ? invocation.Expression : expression;
        var member = target is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : "value";
        foreach (var prefix in new[] { "Get", "New", "Create" })
            if (member.Length > prefix.Length && member.StartsWith(prefix, System.StringComparison.Ordinal) && char.IsUpper(member[prefix.Length]))
                member = member.Substring(prefix.Length);
        return char.ToLowerInvariant(member[0]) + member.Substring(1);
    }

    private static string UniqueName(MethodDeclarationSyntax method, string baseName)
    {
        var taken = method.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToImmutableHashSet();
        var name = baseName;
        for (var i = 2; taken.Contains(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None; i++)
            name = baseName + i;
        return name;
    }
}
