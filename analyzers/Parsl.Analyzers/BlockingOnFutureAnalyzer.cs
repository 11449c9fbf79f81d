using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parsl.Analyzers.Apps;
using Parsl.Diagnostics;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL023: an app that blocks its worker on a future (<c>Result()</c>, <c>Wait()</c>,
/// <c>GetAwaiter().GetResult()</c>, or the same on <c>AsTask()</c>). The future's task may need a worker of the same
/// bounded pool, so enough such apps deadlock the run; a join app passes the future on instead.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingOnFutureAnalyzer : AppBodyAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingOnFuture);

    private protected override bool CouldHaveProblem(SyntaxNode body, KnownTypes types) => BodySyntax.CouldBlock(body);

    private protected override void AnalyzeApp(AppBodyContext context)
    {
        foreach (var block in context.Body)
        {
            foreach (var operation in block.DescendantsAndSelf())
            {
                if (BlockingCall(operation, context.Types) is { } call)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.BlockingOnFuture.Linked(context.Options), operation.Syntax.GetLocation(), context.App.Name, call));
            }
        }
    }

    /// <summary>How a message names the blocking call <paramref name="operation"/> makes on a future, or null.</summary>
    private static string? BlockingCall(IOperation operation, KnownTypes types) => operation switch
    {
        IInvocationOperation { TargetMethod.Name: "Result" or "Wait", Instance: { } future } call when types.IsFuture(future.Type) => $".{call.TargetMethod.Name}()",
        IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } future } }
            when types.IsFuture(future.Type) => ".GetAwaiter().GetResult()",
        IInvocationOperation { TargetMethod.Name: "Wait", Instance: { } task } when IsFutureTask(task, types) => ".AsTask().Wait()",
        IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task } when IsFutureTask(task, types) => ".AsTask().Result",
        IInvocationOperation { TargetMethod.Name: "GetResult", Instance: IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } task } }
            when IsFutureTask(task, types) => ".AsTask().GetAwaiter().GetResult()",
        _ => null,
    };

    private static bool IsFutureTask(IOperation task, KnownTypes types) =>
        task is IInvocationOperation { TargetMethod.Name: "AsTask", Instance: { } future } && types.IsFuture(future.Type);
}
