using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parsl.Analyzers.Apps;
using Parsl.Diagnostics;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL026: a statement that creates a future (usually an app's <c>NameAsync</c> stub) and drops it. The task still
/// runs, but its result and any exception go nowhere. <c>_ = X.FooAsync()</c> says the drop is meant.
/// </summary>
/// <remarks>
/// Statements are screened by the name they call (<see cref="FutureReturningNames"/>) and only those that may return a
/// future are bound: an operation action would have the compiler bind every method body in the project for this check.
/// Futures returned by methods of other referenced libraries than Parsl are not seen.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnobservedFutureAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnobservedFuture);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        // Statements, and expression bodies (=> FooAsync()) of void methods, local functions and lambdas.
        context.RegisterSyntaxNodeAction(node =>
        {
            var expression = node.Node switch
            {
                ExpressionStatementSyntax statement => statement.Expression,
                ArrowExpressionClauseSyntax arrow => arrow.Expression,
                LambdaExpressionSyntax lambda => lambda.ExpressionBody,
                _ => null,
            };
            if (expression is null
                || CalledName(expression) is not { } name
                || KnownTypes.From(node.SemanticModel.Compilation) is not { } types
                || !types.FutureReturningNames.Contains(name))
                return;
            var value = node.SemanticModel.GetOperation(expression, node.CancellationToken);
            if (value is IInvocationOperation or IObjectCreationOperation or IConditionalAccessOperation
                && value.Parent is IExpressionStatementOperation
                && types.IsFuture(value.Type))
                node.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnobservedFuture.Linked(node.Options), value.Syntax.GetLocation(), NameOf(value)));
        }, SyntaxKind.ExpressionStatement, SyntaxKind.ArrowExpressionClause, SyntaxKind.SimpleLambdaExpression, SyntaxKind.ParenthesizedLambdaExpression);
    }

    /// <summary>The name of the method a statement calls or the type it creates: <c>FooAsync</c> in <c>X.FooAsync(…)</c> or <c>x?.FooAsync(…)</c>.</summary>
    private static string? CalledName(ExpressionSyntax expression) => expression switch
    {
        InvocationExpressionSyntax invocation => RightmostName(invocation.Expression),
        ObjectCreationExpressionSyntax creation => RightmostName(creation.Type),
        ConditionalAccessExpressionSyntax access => CalledName(access.WhenNotNull),
        _ => null,
    };

    private static string? RightmostName(ExpressionSyntax expression) => expression switch
    {
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => null,
    };

    private static string NameOf(IOperation value) => value switch
    {
        IInvocationOperation invocation => ParslApp.DisplayName(invocation.TargetMethod),
        IConditionalAccessOperation access => NameOf(access.WhenNotNull),
        _ => value.Syntax.ToString(),
    };
}
