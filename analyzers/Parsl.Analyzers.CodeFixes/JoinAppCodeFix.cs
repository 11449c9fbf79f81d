using System.Collections.Generic;
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
/// PARSL023: turn an app that blocks on one future into a join app, in the two shapes where that is mechanical:
/// <c>return fut.Result();</c> becomes <c>return fut;</c>, and <c>return G(a, fut.Result());</c>, where G is an app
/// returning the same type, becomes <c>return GAsync(a, fut);</c>. The attribute becomes <c>[JoinApp]</c> and the
/// return type <c>T</c> becomes <c>AppFuture&lt;T&gt;</c>. Any other shape gets no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JoinAppCodeFix)), Shared]
public sealed class JoinAppCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "Parsl.JoinApp";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingOnFuture.Id);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (await DiagnosedNode.FindAsync(context).ConfigureAwait(false) is not { Node: InvocationExpressionSyntax
            { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result", Expression: var future }, ArgumentList.Arguments.Count: 0 } blocking }
            || await AppLocation.FindAsync(context.Document, blocking, context.CancellationToken).ConfigureAwait(false) is not { } app
            || Plan(app, blocking, future, context.Document, context.CancellationToken) is not { } plan)
            return;
        context.RegisterCodeFix(
            CodeAction.Create($"Make '{app.App.Name}' a join app that passes the future on",
                cancellationToken => ApplyAsync(context.Document, app, plan, cancellationToken), EquivalenceKey),
            context.Diagnostics);
    }

    private sealed record Rewrite(AttributeSyntax Attribute, ExpressionSyntax Returned, ExpressionSyntax Replacement, ITypeSymbol ResultType);

    private static Rewrite? Plan(AppLocation app, InvocationExpressionSyntax blocking, ExpressionSyntax future, Document document, CancellationToken cancellationToken)
    {
        var method = app.App.Method;
        if (app.App.Kind != AppKind.Code || app.App.Cache || method.IsAsync || method.ReturnsVoid || !app.OwnsSignature(document)
            || StableKeyTypes.StoredResult(method.ReturnType, app.Types) is not { } result || !SymbolEqualityComparer.Default.Equals(result, method.ReturnType)
            || app.App.Attribute.NamedArguments.Any(a => a.Key != "Executors")
            || app.App.Attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax attribute
            || attribute.SyntaxTree != app.Declaration.SyntaxTree)
            return null;
        if (app.Model.GetTypeInfo(future, cancellationToken).Type is not INamedTypeSymbol futureType
            || !SymbolEqualityComparer.Default.Equals(futureType.OriginalDefinition, app.Types.AppFutureOfT)
            || CountBlockingCalls(app, cancellationToken) != 1
            || SingleReturnedExpression(app.Declaration) is not { } returned)
            return null;

        // return fut.Result();  →  return fut;
        if (Unparenthesize(returned) == blocking)
            return SymbolEqualityComparer.Default.Equals(futureType.TypeArguments[0], method.ReturnType)
                ? new Rewrite(attribute, returned, future.WithoutTrivia(), method.ReturnType) : null;

        // return G(a, fut.Result());  →  return GAsync(a, fut);
        if (Unparenthesize(returned) is not InvocationExpressionSyntax call
            || !call.ArgumentList.Arguments.Any(argument => argument.Expression == blocking && argument.RefKindKeyword.IsKind(SyntaxKind.None))
            || app.Model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol target
            || !ParslApp.IsApp(target, app.Types)
            || !SymbolEqualityComparer.Default.Equals(target.ReturnType, method.ReturnType)
            || !HasStub(target, app.Types))
            return null;
        var stubName = call.Expression switch
        {
            IdentifierNameSyntax name => (ExpressionSyntax)SyntaxFactory.IdentifierName(name.Identifier.ValueText + "Async"),
            MemberAccessExpressionSyntax access => access.WithName(SyntaxFactory.IdentifierName(access.Name.Identifier.ValueText + "Async")),
            _ => null,
        };
        if (stubName is null)
            return null;
        var arguments = call.ArgumentList.Arguments.Select(argument => argument.Expression == blocking ? argument.WithExpression(future.WithoutTrivia()) : argument);
        var replacement = call.WithExpression(stubName).WithArgumentList(call.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments, call.ArgumentList.Arguments.GetSeparators())));
        return new Rewrite(attribute, returned, replacement, method.ReturnType);
    }

    private static async Task<Document> ApplyAsync(Document document, AppLocation app, Rewrite plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(plan.Attribute, plan.Attribute.WithName(JoinAppName(plan.Attribute.Name)));
        var futureType = SyntaxFactory.ParseTypeName("global::Parsl.AppFuture<" + plan.ResultType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ">")
            .WithAdditionalAnnotations(Simplifier.Annotation)
            .WithTriviaFrom(app.Declaration.ReturnType);
        editor.ReplaceNode(app.Declaration.ReturnType, futureType);
        editor.ReplaceNode(plan.Returned, plan.Replacement.WithTriviaFrom(plan.Returned));
        return editor.GetChangedDocument();
    }

    // App → JoinApp, Parsl.AppAttribute → Parsl.JoinAppAttribute.
    private static NameSyntax JoinAppName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.WithRight((SimpleNameSyntax)JoinAppName(qualified.Right)),
        AliasQualifiedNameSyntax alias => alias.WithName((SimpleNameSyntax)JoinAppName(alias.Name)),
        IdentifierNameSyntax identifier => identifier.WithIdentifier(SyntaxFactory.Identifier("Join" + identifier.Identifier.ValueText).WithTriviaFrom(identifier.Identifier)),
        _ => name,
    };

    private static bool HasStub(IMethodSymbol app, KnownTypes types) =>
        app.ContainingType.GetMembers(app.Name + "Async").OfType<IMethodSymbol>()
            .Any(stub => stub.Parameters.Length == app.Parameters.Length && types.IsFuture(stub.ReturnType));

    private static int CountBlockingCalls(AppLocation app, CancellationToken cancellationToken) =>
        app.Declaration.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Count(invocation => invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" or "Wait" or "GetResult" or "AsTask" } access
                && app.Model.GetTypeInfo(access.Expression, cancellationToken).Type is { } receiver
                && (app.Types.IsFuture(receiver) || receiver.Name is "FutureAwaiter"));

    // The method's only value-returning exit: its expression body, or its single return statement (lambdas and local functions aside).
    private static ExpressionSyntax? SingleReturnedExpression(MethodDeclarationSyntax method)
    {
        if (method.ExpressionBody is { } arrow)
            return arrow.Expression;
        var returns = method.Body?.DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<ReturnStatementSyntax>().ToList() ?? new List<ReturnStatementSyntax>();
        return returns.Count == 1 ? returns[0].Expression : null;
    }

    private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax parenthesized ? Unparenthesize(parenthesized.Expression) : expression;
}
