using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Parsl.Analyzers.Effects;

/// <summary>
/// Which parameters of a method a value inside its body is derived from, if it is derived from parameters and
/// constants alone. "Derived" follows locals (every value assigned to them), foreach variables, string building,
/// <c>System.IO.Path</c> and LINQ calls, member access on a derived value, and the parameters of lambdas and local
/// functions (from the collection a LINQ call runs over, or from every call of the local function). Anything else,
/// such as a static field or the result of an arbitrary call, is not derived: the answer is then null.
/// </summary>
internal sealed class ValueOrigins
{
    private readonly IMethodSymbol _owner;
    private readonly ImmutableArray<IOperation> _blocks;
    private readonly Dictionary<ILocalSymbol, List<IOperation>> _localValues = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, IOperation> _nestedFunctions = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, List<IInvocationOperation>> _localFunctionCalls = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _inProgress = new(SymbolEqualityComparer.Default);
    private bool _indexed;

    public ValueOrigins(IMethodSymbol owner, ImmutableArray<IOperation> blocks)
    {
        _owner = owner;
        _blocks = blocks;
    }

    // Most bodies never ask (no file reads, no calls into source with arguments), so they are not indexed.
    private void EnsureIndexed()
    {
        if (_indexed)
            return;
        _indexed = true;
        foreach (var block in _blocks)
            foreach (var operation in block.DescendantsAndSelf())
                Index(operation);
    }

    /// <summary>The owner's parameters that <paramref name="value"/> is derived from, or null when it is not derived from them alone.</summary>
    public ParameterSet? OriginOf(IOperation? value)
    {
        if (value is null)
            return null;
        if (value.ConstantValue.HasValue)
            return ParameterSet.Empty;
        EnsureIndexed();
        switch (value)
        {
            case IParameterReferenceOperation parameter:
                return OriginOfParameter(parameter.Parameter);
            case IConversionOperation conversion:
                return OriginOf(conversion.Operand);
            case IBinaryOperation binary:
                return ParameterSet.Union(OriginOf(binary.LeftOperand), OriginOf(binary.RightOperand));
            case IInterpolatedStringOperation interpolated:
                return UnionOf(interpolated.Parts.OfType<IInterpolationOperation>().Select(part => part.Expression));
            case IConditionalOperation conditional:
                return ParameterSet.Union(OriginOf(conditional.WhenTrue), OriginOf(conditional.WhenFalse));
            case ICoalesceOperation coalesce:
                return ParameterSet.Union(OriginOf(coalesce.Value), OriginOf(coalesce.WhenNull));
            case IPropertyReferenceOperation { Instance: { } instance }:
                return OriginOf(instance);
            case IFieldReferenceOperation { Instance: { } instance }:
                return OriginOf(instance);
            case IArrayElementReferenceOperation element:
                // Which element is taken does not bring in outside data; the array does.
                return OriginOf(element.ArrayReference);
            case IConditionalAccessOperation access:
                return ParameterSet.Union(OriginOf(access.Operation), OriginOf(access.WhenNotNull));
            case IConditionalAccessInstanceOperation instance:
                return OriginOf(FindConditionalAccess(instance)?.Operation);
            case ILocalReferenceOperation local:
                return OriginOfLocal(local.Local);
            case IInvocationOperation invocation when KnownApis.PassesOriginThrough(invocation.TargetMethod):
                return ParameterSet.Union(invocation.Instance is null ? ParameterSet.Empty : OriginOf(invocation.Instance),
                    UnionOf(invocation.Arguments.Select(argument => argument.Value)));
            case IObjectCreationOperation creation when creation.Type is { } type && KnownApis.WrapsArguments(type):
                return UnionOf(creation.Arguments.Select(argument => argument.Value));
            case IArrayCreationOperation { Initializer: { } initializer }:
                return UnionOf(initializer.ElementValues);
            case ICollectionExpressionOperation collection:
                return UnionOf(collection.Elements);
            case ISpreadOperation spread:
                return OriginOf(spread.Operand);
            default:
                return null;
        }
    }

    /// <summary>
    /// The origin of the collection that a lambda passed to <paramref name="delegateValue"/>'s enclosing call runs over
    /// (the receiver of <c>xs.Select(f)</c>), which is where the lambda's parameters come from.
    /// </summary>
    public ParameterSet? OriginOfDelegateReceiver(IOperation delegateValue)
    {
        var current = delegateValue.Parent;
        while (current is IConversionOperation or IDelegateCreationOperation)
            current = current.Parent;
        if (current is not IArgumentOperation { Parent: IInvocationOperation invocation })
            return null;
        var receiver = invocation.Instance
            ?? (invocation.TargetMethod.IsExtensionMethod ? invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value : null);
        if (receiver is null || ReferenceEquals(receiver, delegateValue) || receiver.Syntax == delegateValue.Syntax)
            return null;
        return OriginOf(receiver);
    }

    private ParameterSet? OriginOfParameter(IParameterSymbol parameter)
    {
        if (SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _owner))
            return ParameterSet.Of(parameter.Ordinal);
        if (parameter.ContainingSymbol is not IMethodSymbol function || !_nestedFunctions.TryGetValue(function, out var declaration))
            return null;
        if (!_inProgress.Add(parameter))
            return ParameterSet.Empty; // a recursive local function adds nothing beyond its other calls
        try
        {
            if (function.MethodKind == MethodKind.LocalFunction)
            {
                if (!_localFunctionCalls.TryGetValue(function, out var calls))
                    return null;
                return UnionOf(calls.Select(call => call.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter, parameter))?.Value));
            }
            return OriginOfDelegateReceiver(declaration);
        }
        finally
        {
            _inProgress.Remove(parameter);
        }
    }

    private ParameterSet? OriginOfLocal(ILocalSymbol local)
    {
        if (!_localValues.TryGetValue(local, out var values))
            return null;
        if (!_inProgress.Add(local))
            return ParameterSet.Empty; // x = x + p: the cycle adds nothing new
        try
        {
            return UnionOf(values);
        }
        finally
        {
            _inProgress.Remove(local);
        }
    }

    private ParameterSet? UnionOf(IEnumerable<IOperation?> values)
    {
        var union = ParameterSet.Empty;
        foreach (var value in values)
        {
            union = ParameterSet.Union(union, OriginOf(value));
            if (union is null)
                return null;
        }
        return union;
    }

    private static IConditionalAccessOperation? FindConditionalAccess(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
            if (current is IConditionalAccessOperation access)
                return access;
        return null;
    }

    private void Index(IOperation operation)
    {
        switch (operation)
        {
            case IVariableDeclaratorOperation declarator:
                var initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                if (initializer is not null)
                    ValuesOf(declarator.Symbol).Add(initializer);
                break;
            case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                ValuesOf(target.Local).Add(assignment.Value);
                break;
            case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Value: ILocalReferenceOperation target } argument:
                ValuesOf(target.Local).Add(argument); // written by the callee: not derived
                break;
            case IForEachLoopOperation loop:
                foreach (var local in loop.Locals)
                    ValuesOf(local).Add(loop.Collection);
                break;
            case IAnonymousFunctionOperation lambda:
                _nestedFunctions[lambda.Symbol] = lambda;
                break;
            case ILocalFunctionOperation function:
                _nestedFunctions[function.Symbol] = function;
                break;
            case IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } call:
                if (!_localFunctionCalls.TryGetValue(call.TargetMethod.OriginalDefinition, out var calls))
                    _localFunctionCalls[call.TargetMethod.OriginalDefinition] = calls = new List<IInvocationOperation>();
                calls.Add(call);
                break;
        }
    }

    private List<IOperation> ValuesOf(ILocalSymbol local)
    {
        if (!_localValues.TryGetValue(local, out var values))
            _localValues[local] = values = new List<IOperation>();
        return values;
    }
}
