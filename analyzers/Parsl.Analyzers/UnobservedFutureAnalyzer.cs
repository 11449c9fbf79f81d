using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parsl.Analyzers.Apps;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL026: a statement that creates a future (usually an app's <c>NameAsync</c> stub) and drops it. The task still
/// runs, but its result and any exception go nowhere. <c>_ = X.FooAsync()</c> says the drop is meant.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnobservedFutureAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnobservedFuture);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        ParslAnalysis.RegisterOperationAction(context, (operation, types) =>
        {
            var value = ((IExpressionStatementOperation)operation.Operation).Operation;
            if (value is IInvocationOperation or IObjectCreationOperation or IConditionalAccessOperation && types.IsFuture(value.Type))
                operation.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnobservedFuture, value.Syntax.GetLocation(), NameOf(value)));
        }, OperationKind.ExpressionStatement);
    }

    private static string NameOf(IOperation value) => value switch
    {
        IInvocationOperation invocation => ParslApp.DisplayName(invocation.TargetMethod),
        IConditionalAccessOperation access => NameOf(access.WhenNotNull),
        _ => value.Syntax.ToString(),
    };
}
