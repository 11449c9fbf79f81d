using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Parsl.Analyzers.Apps;
using static Parsl.Analyzers.Apps.SymbolNames;

namespace Parsl.Analyzers.Effects;

/// <summary>
/// Walks one method's operations (including its lambdas and local functions) and records its direct effects and its
/// calls into source methods of the same compilation, which <see cref="EffectIndex"/> follows.
/// </summary>
internal sealed class MethodEffectsCollector
{
    private readonly IMethodSymbol _owner;
    private readonly Compilation _compilation;
    private readonly KnownTypes _types;
    private readonly ValueOrigins _origins;
    private readonly ImmutableArray<Effect>.Builder _effects = ImmutableArray.CreateBuilder<Effect>();
    private readonly ImmutableArray<CallEdge>.Builder _calls = ImmutableArray.CreateBuilder<CallEdge>();

    // The field initializers being read on this thread: initializers that read each other end instead of recursing.
    [System.ThreadStatic] private static HashSet<IFieldSymbol>? t_initializers;

    private MethodEffectsCollector(IMethodSymbol owner, ImmutableArray<IOperation> blocks, Compilation compilation, KnownTypes types)
    {
        _owner = owner;
        _compilation = compilation;
        _types = types;
        _origins = new ValueOrigins(owner, blocks);
    }

    public static MethodEffects Collect(IMethodSymbol owner, ImmutableArray<IOperation> blocks, Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        var collector = new MethodEffectsCollector(owner, blocks, compilation, types);
        foreach (var block in blocks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            collector.Walk(block, cancellationToken);
        }
        return collector._effects.Count == 0 && collector._calls.Count == 0
            ? MethodEffects.None
            : new MethodEffects(collector._effects.ToImmutable(), collector._calls.ToImmutable());
    }

    // Everything but what is only named: nameof(DateTime.Now) reads no clock.
    private void Walk(IOperation operation, CancellationToken cancellationToken)
    {
        if (operation is INameOfOperation)
            return;
        Visit(operation, cancellationToken);
        foreach (var child in operation.ChildOperations)
            Walk(child, cancellationToken);
    }

    private void Visit(IOperation operation, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IBinaryOperation { OperatorMethod: { } op } binary when SourceMethod(op) is { } target:
                AddCall(target, OperatorName(target), binary, [_origins.OriginOf(binary.LeftOperand), _origins.OriginOf(binary.RightOperand)]);
                break;
            case IUnaryOperation { OperatorMethod: { } op } unary when SourceMethod(op) is { } target:
                AddCall(target, OperatorName(target), unary, [_origins.OriginOf(unary.Operand)]);
                break;
            case IConversionOperation { OperatorMethod: { } op } conversion when SourceMethod(op) is { } target:
                AddCall(target, OperatorName(target), conversion, [_origins.OriginOf(conversion.Operand)]);
                break;
            case IPropertyReferenceOperation property:
                VisitProperty(property);
                break;
            case IFieldReferenceOperation field:
                VisitField(field, cancellationToken);
                break;
            case IArrayElementReferenceOperation element when IsWritten(element) && StaticStorage(element.ArrayReference) is { } array:
                AddWrite(element, array + "[…] = …");
                break;
            case IInvocationOperation invocation:
                VisitInvocation(invocation);
                break;
            case IObjectCreationOperation creation:
                VisitCreation(creation);
                break;
            case IMethodReferenceOperation reference when SourceMethod(reference.Method) is { } target:
                // xs.Select(Helper): the helper's parameters come from the collection the call runs over.
                var origin = _origins.OriginOfDelegateReceiver(reference);
                AddCall(target, NameOf(target), reference, Enumerable.Repeat(origin, target.Parameters.Length));
                break;
        }
    }

    private void VisitProperty(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        if (KnownApis.Nondeterministic(property) is { } description)
        {
            AddNondeterminism(reference, description, isSimpleValue: property.IsStatic);
            return;
        }
        if (property.IsStatic && IsWritten(reference))
        {
            AddWrite(reference, Qualified(property) + " = …");
            return;
        }
        if (reference.Instance is { } instance && IsWritten(reference) && StaticStorage(instance) is { } collection)
        {
            AddWrite(reference, collection + "[…] = …");
            return;
        }
        if (property.IsStatic && property.SetMethod is { IsInitOnly: false } && !IsMutatedReceiver(reference))
        {
            AddNondeterminism(reference, Qualified(property) + " (mutable static property)", isSimpleValue: false);
            return;
        }
        var accessor = IsWritten(reference) ? property.SetMethod : property.GetMethod;
        if (accessor is not null && SourceMethod(accessor) is { } target)
            AddCall(target, Qualified(property), reference, OriginsOf(target, reference.Arguments));
    }

    private void VisitField(IFieldReferenceOperation reference, CancellationToken cancellationToken)
    {
        var field = reference.Field;
        if (!field.IsStatic || field.IsConst)
            return;
        // An object that only serves as a lock holds no value the result could depend on.
        if (reference.Parent is ILockOperation gate && ReferenceEquals(gate.LockedValue, reference))
            return;
        if (IsWritten(reference))
        {
            var text = Qualified(field);
            AddWrite(reference, reference.Parent switch
            {
                IIncrementOrDecrementOperation => text + (reference.Parent.Kind == OperationKind.Decrement ? "--" : "++"),
                IArgumentOperation { Parent: IInvocationOperation call } => $"{call.TargetMethod.ContainingType.Name}.{call.TargetMethod.Name}(ref {text})",
                ICompoundAssignmentOperation => text + " op= …",
                _ => text + " = …",
            });
            return;
        }
        if (IsMutatedReceiver(reference))
            return;
        if (!field.IsReadOnly || !KnownApis.IsImmutable(field.Type))
        {
            AddNondeterminism(reference, Qualified(field) + " (mutable static field)", isSimpleValue: false);
            return;
        }
        VisitInitializer(reference, field, cancellationToken);
    }

    /// <summary>
    /// A static readonly field keeps what its initializer made when the type initialized: a clock reading, or a delegate
    /// whose body is nondeterministic, is then read by every call. Its initializer counts as part of the read.
    /// </summary>
    private void VisitInitializer(IFieldReferenceOperation reference, IFieldSymbol field, CancellationToken cancellationToken)
    {
        if (!SymbolEqualityComparer.Default.Equals(field.ContainingAssembly, _compilation.Assembly) || field.DeclaringSyntaxReferences.IsEmpty)
            return;
        var reading = t_initializers ??= new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
        if (!reading.Add(field.OriginalDefinition))
            return;
        try
        {
            ReadInitializer(reference, field, cancellationToken);
        }
        finally
        {
            reading.Remove(field.OriginalDefinition);
        }
    }

    private void ReadInitializer(IFieldReferenceOperation reference, IFieldSymbol field, CancellationToken cancellationToken)
    {
        foreach (var declaration in field.DeclaringSyntaxReferences)
        {
            if (declaration.GetSyntax(cancellationToken) is not Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer: { } initializer }
                || !_compilation.ContainsSyntaxTree(declaration.SyntaxTree)
                || _types.ModelFor(declaration.SyntaxTree).GetOperation(initializer, cancellationToken) is not { } operation)
                continue;
            var made = Collect(_owner, ImmutableArray.Create(operation), _compilation, _types, cancellationToken);
            foreach (var effect in made.Effects.Where(e => e.Kind == EffectKind.Nondeterminism && !e.IsConditional))
                AddNondeterminism(reference, $"{Qualified(field)} (set from {effect.Description} when {field.ContainingType.Name} initializes)", isSimpleValue: false);
            foreach (var call in made.Calls)
                _calls.Add(call with { CalleeName = Qualified(field) + " = " + call.CalleeName, Location = reference.Syntax.GetLocation() });
        }
    }

    private static string OperatorName(IMethodSymbol method) =>
        method.ContainingType.Name + ".operator " + (method.MethodKind == MethodKind.Conversion
            ? method.ReturnType.Name
            : Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetText(Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetOperatorKind(method.MetadataName)));

    private void VisitInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (KnownApis.Nondeterministic(method) is { } description)
        {
            AddNondeterminism(invocation, description, isSimpleValue: method.IsStatic && invocation.Arguments.All(a => a.Value.ConstantValue.HasValue));
            return;
        }
        if (KnownApis.NetworkCall(method) is { } network)
        {
            AddNondeterminism(invocation, network, isSimpleValue: false);
            return;
        }
        if (KnownApis.ReadsFile(method))
        {
            var path = method.IsStatic ? invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value : invocation.Instance;
            AddFileRead(invocation, $"{method.ContainingType.Name}.{method.Name}()", path);
            return;
        }
        if (invocation.Instance is { } receiver && KnownApis.Mutates(method) && !KnownApis.IsImmutable(receiver.Type!) && StaticStorage(receiver) is { } collection)
        {
            AddWrite(invocation, $"{collection}.{method.Name}()");
            return;
        }
        if (SourceMethod(method) is { } target && !_types.IsFuture(method.ReturnType))
            AddCall(target, NameOf(target), invocation, OriginsOf(target, invocation.Arguments));
    }

    private void VisitCreation(IObjectCreationOperation creation)
    {
        if (creation.Constructor is not { } constructor)
            return;
        if (constructor.Parameters.IsEmpty && constructor.ContainingType is { ContainingType: null, Arity: 0 } type && FullName(type) == "System.Random")
        {
            AddNondeterminism(creation, "new Random() without a seed", isSimpleValue: false);
            return;
        }
        if (KnownApis.OpensFile(constructor))
        {
            AddFileRead(creation, $"new {constructor.ContainingType.Name}()", creation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value);
            return;
        }
        if (SourceMethod(constructor) is { } target)
            AddCall(target, "new " + constructor.ContainingType.Name + "()", creation, OriginsOf(target, creation.Arguments));
    }

    // A read of a path derived only from parameters is a declared input when the caller passes app inputs for them.
    private void AddFileRead(IOperation operation, string api, IOperation? path)
    {
        var origin = _origins.OriginOf(path);
        var description = api + " of a path that is not an app parameter";
        if (origin is null || origin.IsEmpty)
            AddNondeterminism(operation, description, isSimpleValue: false);
        else
            _effects.Add(new Effect(EffectKind.Nondeterminism, description, operation.Syntax.GetLocation(), origin.Ordinals, IsSimpleValue: false));
    }

    private void AddNondeterminism(IOperation operation, string description, bool isSimpleValue) =>
        _effects.Add(new Effect(EffectKind.Nondeterminism, description, operation.Syntax.GetLocation(), ImmutableArray<int>.Empty, isSimpleValue));

    // Reported on the whole assignment or increment when there is one.
    private void AddWrite(IOperation operation, string description)
    {
        var site = operation.Parent is IAssignmentOperation or IIncrementOrDecrementOperation ? operation.Parent : operation;
        _effects.Add(new Effect(EffectKind.StaticWrite, description, site.Syntax.GetLocation(), ImmutableArray<int>.Empty, IsSimpleValue: false));
    }

    private void AddCall(IMethodSymbol target, string name, IOperation operation, IEnumerable<ParameterSet?> origins) =>
        _calls.Add(new CallEdge(target, name, operation.Syntax.GetLocation(), origins.ToImmutableArray()));

    private IEnumerable<ParameterSet?> OriginsOf(IMethodSymbol target, ImmutableArray<IArgumentOperation> arguments)
    {
        var origins = new ParameterSet?[target.Parameters.Length];
        foreach (var argument in arguments)
            if (argument.Parameter is { } parameter && parameter.Ordinal < origins.Length)
                origins[parameter.Ordinal] = _origins.OriginOf(argument.Value);
        return origins;
    }

    /// <summary>The method whose body the index can read: declared in source in this compilation, and not nested in the walked body.</summary>
    private IMethodSymbol? SourceMethod(IMethodSymbol method)
    {
        if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction or MethodKind.DelegateInvoke)
            return null;
        var definition = method.OriginalDefinition;
        definition = definition.PartialImplementationPart ?? definition;
        if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly) || definition.DeclaringSyntaxReferences.IsEmpty)
            return null;
        return SymbolEqualityComparer.Default.Equals(definition, _owner) ? null : definition;
    }

    /// <summary>"Type.Field" when <paramref name="operation"/> is a static field or property, whose contents are shared by every app.</summary>
    private static string? StaticStorage(IOperation operation) => operation switch
    {
        IFieldReferenceOperation { Field: { IsStatic: true, IsConst: false } field } => Qualified(field),
        IPropertyReferenceOperation { Property.IsStatic: true } property => Qualified(property.Property),
        IConversionOperation conversion => StaticStorage(conversion.Operand),
        _ => null,
    };

    private static bool IsWritten(IOperation operation) => operation.Parent switch
    {
        IAssignmentOperation assignment => ReferenceEquals(assignment.Target, operation),
        IIncrementOrDecrementOperation => true,
        IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
        _ => false,
    };

    // s_events.Enqueue(x): a write, reported as one, not also as a read of the field.
    private static bool IsMutatedReceiver(IOperation operation) =>
        operation.Parent is IInvocationOperation invocation && ReferenceEquals(invocation.Instance, operation)
        && KnownApis.Mutates(invocation.TargetMethod) && operation.Type is { } type && !KnownApis.IsImmutable(type);

    private static string NameOf(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

    private static string Qualified(ISymbol member) => member.ContainingType.Name + "." + member.Name;
}
