using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Parsl.Analyzers.Apps;
using Parsl.Diagnostics;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL024: a body-form bash app (<c>[BashApp]</c> without a template, returning the command line) whose command is
/// built with <c>+</c>, <c>$"..."</c>, <c>string.Format</c> or <c>string.Concat</c> over values that are not constants.
/// Such values reach bash unquoted and formatted with the current culture; <c>ShellCommand.Format($"...")</c> quotes
/// each one, like a template does.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnquotedBashCommandAnalyzer : AppBodyAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnquotedBashCommand);

    // Only body-form bash apps returning their command line are checked, so only their bodies are bound.
    private protected override bool Wants(ParslApp app) => app.IsBodyFormBash && app.Method.ReturnType.SpecialType == SpecialType.System_String;

    private protected override void AnalyzeApp(AppBodyContext context)
    {
        var app = context.App;
        var operations = context.Body.SelectMany(block => block.DescendantsAndSelf()).ToList();
        var localValues = operations
            .SelectMany(LocalWrites)
            .ToLookup(write => write.Local, write => write.Value, SymbolEqualityComparer.Default);
        var seenLocals = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var returned in operations.OfType<IReturnOperation>().Where(IsAppReturn))
            Check(returned.ReturnedValue);

        void Check(IOperation? command)
        {
            switch (command)
            {
                case IConversionOperation conversion:
                    Check(conversion.Operand);
                    break;
                case IConditionalOperation conditional:
                    Check(conditional.WhenTrue);
                    Check(conditional.WhenFalse);
                    break;
                case ICoalesceOperation coalesce:
                    Check(coalesce.Value);
                    Check(coalesce.WhenNull);
                    break;
                case ILocalReferenceOperation local when seenLocals.Add(local.Local):
                    foreach (var value in localValues[local.Local])
                        Check(value);
                    break;
                case not null when UnsafeBuild(command) is { } how:
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnquotedBashCommand.Linked(context.Options), command.Syntax.GetLocation(), app.Name, how));
                    break;
            }
        }
    }

    /// <summary>How <paramref name="command"/> builds a string from values that are not constants, or null when it does not.</summary>
    private static string? UnsafeBuild(IOperation command)
    {
        if (command.ConstantValue.HasValue)
            return null;
        return command switch
        {
            IInterpolatedStringOperation => "an interpolated string",
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } => "string concatenation",
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } => "string concatenation",
            IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, Name: "Format" or "Concat" or "Join" } method } => "string." + method.Name,
            _ => null,
        };
    }

    // A return of the app itself, not of a lambda or local function inside it.
    private static bool IsAppReturn(IReturnOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                return false;
        return operation.ReturnedValue is not null;
    }

    private static IEnumerable<(ILocalSymbol Local, IOperation Value)> LocalWrites(IOperation operation)
    {
        switch (operation)
        {
            case IVariableDeclaratorOperation { Initializer.Value: { } initializer } declarator:
                yield return (declarator.Symbol, initializer);
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                yield return (target.Local, assignment.Value);
                break;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } append:
                yield return (target.Local, append);
                break;
        }
    }
}
