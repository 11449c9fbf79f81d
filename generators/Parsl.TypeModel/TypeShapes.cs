using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Parsl.TypeModel;

/// <summary>
/// Classifies types into <see cref="TypeShape"/>s, once per type and compilation, and says whether a shape can be part
/// of a memo key. The one place that decides what Parsl can key, store and send: the generator's memo-key and wire
/// planners and the analyzers (PARSL021, PARSL022) all read it.
/// </summary>
internal sealed class TypeShapes
{
    private readonly KnownTypeSymbols _known;
    private readonly Dictionary<ITypeSymbol, TypeShape> _shapes = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<TypeShape, string?> _keyProblems = new();
    private readonly object _gate = new();

    internal TypeShapes(KnownTypeSymbols known) => _known = known;

    /// <summary>The shape of <paramref name="type"/> (nullable annotations ignored). Thread-safe: analyzers run concurrently.</summary>
    public TypeShape Of(ITypeSymbol type)
    {
        lock (_gate)
            return Describe(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
    }

    /// <summary>Why values of <paramref name="type"/> cannot be keyed, as a predicate ("is a stream, …", "has member 'Log' of
    /// type 'Stream', which is …"), naming the member or element at fault; null when they can.</summary>
    public string? KeyProblem(ITypeSymbol type)
    {
        lock (_gate)
            return KeyProblem(Describe(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), new HashSet<TypeShape>());
    }

    private TypeShape Describe(ITypeSymbol type)
    {
        if (_shapes.TryGetValue(type, out var known))
            return known;
        var shape = new TypeShape(ShapeKind.Unsupported, type);
        // Registered before its parts are described, so a type that contains itself (a tree) refers back to it.
        _shapes[type] = shape;
        Fill(shape, type);
        return shape;
    }

    private void Fill(TypeShape shape, ITypeSymbol type)
    {
        if (type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String)
        {
            shape.Kind = ShapeKind.Scalar;
            shape.Scalar = ScalarKind.Special;
            return;
        }
        if (_known.ScalarOf(type) is { } scalar)
        {
            shape.Kind = ShapeKind.Scalar;
            shape.Scalar = scalar;
            return;
        }
        if (type.TypeKind == TypeKind.Enum)
        {
            shape.Kind = ShapeKind.Enum;
            return;
        }
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            shape.Kind = ShapeKind.Nullable;
            shape.Element = Describe(nullable.TypeArguments[0]);
            return;
        }
        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1)
            {
                Refuse(shape, "is a multi-dimensional array; use an array of arrays", live: false);
                return;
            }
            shape.Kind = ShapeKind.Sequence;
            shape.Collection = CollectionKind.Array;
            shape.Element = Describe(array.ElementType);
            return;
        }
        if (_known.CollectionOf(type) is { } collection && type is INamedTypeSymbol generic)
        {
            shape.Collection = collection;
            switch (collection)
            {
                case CollectionKind.List or CollectionKind.ListInterface or CollectionKind.ImmutableArray or CollectionKind.ImmutableList:
                    shape.Kind = ShapeKind.Sequence;
                    shape.Element = Describe(generic.TypeArguments[0]);
                    return;
                case CollectionKind.HashSet or CollectionKind.SortedSet or CollectionKind.ImmutableHashSet or CollectionKind.ImmutableSortedSet or CollectionKind.FrozenSet:
                    shape.Kind = ShapeKind.Set;
                    shape.Element = Describe(generic.TypeArguments[0]);
                    return;
                default:
                    shape.Kind = ShapeKind.Map;
                    shape.Key = Describe(generic.TypeArguments[0]);
                    shape.Element = Describe(generic.TypeArguments[1]);
                    return;
            }
        }
        if (Refusal(type) is { } refusal)
        {
            Refuse(shape, refusal.Reason, refusal.Live);
            return;
        }
        if (type is INamedTypeSymbol { IsTupleType: true } tuple)
        {
            shape.Kind = ShapeKind.Tuple;
            shape.Members = [.. tuple.TupleElements.Select(e => new ShapeMember(e.Name, e.Type, Describe(e.Type)))];
            return;
        }
        if (type is not INamedTypeSymbol named)
        {
            Refuse(shape, "has no known form", live: false);
            return;
        }
        if (!_known.IsPlainData(named) && HiddenState(named) is { } hidden)
        {
            Refuse(shape, hidden, live: false);
            return;
        }
        shape.Kind = ShapeKind.Object;
        shape.Members = [.. PublicState(named).Select(m => new ShapeMember(m.Name, m.Type, Describe(m.Type)))];
    }

    private static void Refuse(TypeShape shape, string reason, bool live)
    {
        shape.Kind = ShapeKind.Unsupported;
        shape.Reason = reason;
        shape.IsLive = live;
    }

    /// <summary>Types with no value to key or send, and why.</summary>
    private (string Reason, bool Live)? Refusal(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
            return ("can hold anything, so no canonical form or reader could know what it is", false);
        if (type.TypeKind is TypeKind.Delegate)
            return ("is code (a delegate), which has no value to hash or send", true);
        if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
            return ("is an address, which means nothing in another process or run", true);
        if (type.TypeKind == TypeKind.TypeParameter)
            return ("is a type parameter, which has no known form", false);
        if (type.IsRefLikeType)
            return ("is a ref struct, which lives on one stack", true);
        if (_known.IsFuture(type))
            return ("is a task or future, not a value; declare the value's type and pass the future to the app's stub", false);
        if (KnownTypeSymbols.Is(type, _known.CancellationToken))
            return ("is a cancellation token, not a value (only a top-level CancellationToken parameter is left out of the key)", true);
        if (DerivesFrom(type, _known.Stream))
            return ("is a stream, read once and with no value to hash or send; pass a DataFile or a path", true);
        var name = type.OriginalDefinition.ToDisplayString();
        if (name.StartsWith("System.Threading.", System.StringComparison.Ordinal) || name.StartsWith("System.Net.", System.StringComparison.Ordinal)
            || name.StartsWith("System.Diagnostics.Process", System.StringComparison.Ordinal) || name.StartsWith("System.Collections.Concurrent.", System.StringComparison.Ordinal))
            return ("is a live object (a lock, a connection, a process, a concurrent collection), not data", true);
        if (type.TypeKind == TypeKind.Interface)
            return ("is an interface, so no canonical form or reader could know the type behind it", false);
        if (type.IsAbstract)
            return ("is abstract, so its form depends on the derived type", false);
        if (type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
            return ("is a collection Parsl does not know (arrays, lists, sets, dictionaries and their immutable and frozen forms are known)", false);
        return null;
    }

    /// <summary>
    /// Why an object's public members are not all its state, or null when they are: a key made of them would make
    /// different values equal. A type from source must keep no non-public field (a public property's backing field is
    /// fine); a type from a referenced assembly must be a record (reference assemblies drop private fields).
    /// </summary>
    private static string? HiddenState(INamedTypeSymbol type)
    {
        foreach (var level in Hierarchy(type))
        {
            if (!level.Locations.Any(l => l.IsInSource))
            {
                // Reference assemblies drop private fields, so only a record's public members are known to be its state.
                if (!level.IsRecord)
                    return $"comes from {level.ContainingAssembly?.Name ?? "another assembly"}, whose non-public state Parsl cannot see; use a record, or pass the values it holds";
                continue;
            }
            foreach (var field in level.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic || field.IsConst || field.DeclaredAccessibility == Accessibility.Public)
                    continue;
                if (field.AssociatedSymbol is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, GetMethod.DeclaredAccessibility: Accessibility.Public })
                    continue;
                return $"keeps state in the non-public field '{field.AssociatedSymbol?.Name ?? field.Name}', so its public members do not say which value it is";
            }
        }
        return null;
    }

    /// <summary>Public instance properties (with a public getter, no indexers) and fields, base types first.</summary>
    internal static IEnumerable<(string Name, ITypeSymbol Type)> PublicState(INamedTypeSymbol type) =>
        PublicStateMembers(type).Select(m => (m.Name, m is IPropertySymbol property ? property.Type : ((IFieldSymbol)m).Type));

    /// <summary>The members behind <see cref="PublicState"/>: an override or a 'new' member counts once, where it is first declared.</summary>
    internal static IEnumerable<ISymbol> PublicStateMembers(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>();
        foreach (var level in Hierarchy(type).Reverse())
        {
            foreach (var member in level.GetMembers())
            {
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared && member is IFieldSymbol)
                    continue;
                var isState = member is IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } or IFieldSymbol { IsConst: false };
                if (isState && seen.Add(member.Name))
                    yield return member;
            }
        }
    }

    /// <summary>The type and its base types, most derived first, without System.Object and System.ValueType.</summary>
    private static IEnumerable<INamedTypeSymbol> Hierarchy(INamedTypeSymbol type)
    {
        for (var level = type; level is not null && level.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); level = level.BaseType)
            yield return level;
    }

    private static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var level = type as INamedTypeSymbol; level is not null; level = level.BaseType)
            if (KnownTypeSymbols.Is(level, baseType))
                return true;
        return false;
    }

    private string? KeyProblem(TypeShape shape, HashSet<TypeShape> visiting)
    {
        if (_keyProblems.TryGetValue(shape, out var known))
            return known;
        if (!visiting.Add(shape))
            return null; // a cycle: the members on the way decide
        var problem = shape.Kind switch
        {
            ShapeKind.Scalar or ShapeKind.Enum => null,
            ShapeKind.Unsupported => shape.Reason,
            ShapeKind.Nullable => KeyProblem(shape.Element!, visiting),
            ShapeKind.Sequence or ShapeKind.Set => Inner("elements", shape.Element!, visiting),
            ShapeKind.Map => Inner("keys", shape.Key!, visiting) ?? Inner("values", shape.Element!, visiting),
            _ => shape.Members.Select(m => KeyProblem(m.Shape, visiting) is { } inner ? $"has member '{m.Name}' of type '{Short(m.Type)}', which {inner}" : null)
                .FirstOrDefault(p => p is not null),
        };
        visiting.Remove(shape);
        // Only a final answer is remembered: inside a cycle a member's answer depends on where the walk began.
        if (visiting.Count == 0 || problem is not null)
            _keyProblems[shape] = problem;
        return problem;
    }

    private string? Inner(string what, TypeShape element, HashSet<TypeShape> visiting) =>
        KeyProblem(element, visiting) is { } problem ? $"has {what} of type '{Short(element.Type)}', which {problem}" : null;

    /// <summary>A type as C# shows it in a message, without namespaces: <c>Dictionary&lt;string, Stream&gt;</c>.</summary>
    public static string Short(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
