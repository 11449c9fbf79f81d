using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;

namespace Parsl.Generators;

/// <summary>
/// Decides at compile time how each parameter and result type of an app crosses to a worker process: the runtime's
/// scalars; arrays, lists and dictionaries element by element; data types member by member, rebuilt through their
/// constructor (positional records included) and settable members; else a <c>JsonSerializerContext</c> of the project
/// that lists the type; else a reason it cannot travel. Nothing is left for reflection to decide at run time.
/// </summary>
internal sealed class WirePlanner(Compilation compilation, TypeModel.TypeShapes shapes)
{
    private static readonly Dictionary<SpecialType, string> s_specialReaders = new()
    {
        [SpecialType.System_Boolean] = "ReadBoolean", [SpecialType.System_Char] = "ReadChar", [SpecialType.System_SByte] = "ReadSByte",
        [SpecialType.System_Byte] = "ReadByte", [SpecialType.System_Int16] = "ReadInt16", [SpecialType.System_UInt16] = "ReadUInt16",
        [SpecialType.System_Int32] = "ReadInt32", [SpecialType.System_UInt32] = "ReadUInt32", [SpecialType.System_Int64] = "ReadInt64",
        [SpecialType.System_UInt64] = "ReadUInt64", [SpecialType.System_Single] = "ReadSingle", [SpecialType.System_Double] = "ReadDouble",
        [SpecialType.System_Decimal] = "ReadDecimal", [SpecialType.System_String] = "ReadString",
    };

    private static readonly Dictionary<TypeModel.ScalarKind, string> s_namedReaders = new()
    {
        [TypeModel.ScalarKind.Guid] = "ReadGuid", [TypeModel.ScalarKind.DateTime] = "ReadDateTime", [TypeModel.ScalarKind.DateTimeOffset] = "ReadDateTimeOffset",
        [TypeModel.ScalarKind.TimeSpan] = "ReadTimeSpan", [TypeModel.ScalarKind.DataFile] = "ReadDataFile", [TypeModel.ScalarKind.BashResult] = "ReadBashResult",
        [TypeModel.ScalarKind.Unit] = "ReadUnit", [TypeModel.ScalarKind.DateOnly] = "ReadDateOnly", [TypeModel.ScalarKind.TimeOnly] = "ReadTimeOnly",
        [TypeModel.ScalarKind.BigInteger] = "ReadBigInteger", [TypeModel.ScalarKind.Int128] = "ReadInt128", [TypeModel.ScalarKind.UInt128] = "ReadUInt128",
        [TypeModel.ScalarKind.Half] = "ReadHalf",
    };

    private readonly List<ObjectWirePlan?> _objects = new();
    private readonly Dictionary<ITypeSymbol, int> _objectIndexes = new(SymbolEqualityComparer.Default);
    private Dictionary<ITypeSymbol, string>? _jsonTypes;

    /// <summary>The data types met so far.</summary>
    public ImmutableEquatableArray<ObjectWirePlan> Objects => _objects.Select(o => o!).ToImmutableEquatableArray();

    /// <summary>
    /// The plan of <paramref name="type"/>, from its shape in the type model (what it is), so the wire and the memo key
    /// never disagree on a type; element plans name the element types as declared (nullable annotations kept).
    /// </summary>
    public WirePlan Plan(ITypeSymbol type)
    {
        var shape = shapes.Of(type);
        var code = SymbolText.Code(type);
        switch (shape.Kind)
        {
            case TypeModel.ShapeKind.Scalar:
                var reader = shape.Scalar == TypeModel.ScalarKind.Special ? s_specialReaders[shape.Type.SpecialType] : s_namedReaders[shape.Scalar];
                return new WirePlan(WirePlanKind.Scalar, code, reader, null, null, -1, null);
            case TypeModel.ShapeKind.Enum:
                return new WirePlan(WirePlanKind.Enum, code, null, null, null, -1, null);
            case TypeModel.ShapeKind.Nullable:
                return Shape(WirePlanKind.Nullable, code, Plan(((INamedTypeSymbol)type).TypeArguments[0]));
            case TypeModel.ShapeKind.Sequence when type is IArrayTypeSymbol array:
                // Bytes travel as one block, not byte by byte.
                return array.ElementType.SpecialType == SpecialType.System_Byte
                    ? new WirePlan(WirePlanKind.Scalar, code, "ReadByteArray", null, null, -1, null)
                    : Shape(WirePlanKind.Array, code, Plan(array.ElementType));
            case TypeModel.ShapeKind.Sequence when shape.Collection is TypeModel.CollectionKind.List or TypeModel.CollectionKind.ListInterface:
                return Shape(WirePlanKind.List, code, Plan(((INamedTypeSymbol)type).TypeArguments[0]));
            case TypeModel.ShapeKind.Map when shape.Collection == TypeModel.CollectionKind.Dictionary:
                var map = (INamedTypeSymbol)type;
                return new WirePlan(WirePlanKind.Dictionary, code, null, Plan(map.TypeArguments[1]), Plan(map.TypeArguments[0]), -1, null);
            case TypeModel.ShapeKind.Sequence or TypeModel.ShapeKind.Set or TypeModel.ShapeKind.Map:
                // The type model's other collections travel as a list or a dictionary and are rebuilt from it.
                return OtherCollection(shape, (INamedTypeSymbol)type);
            case TypeModel.ShapeKind.Unsupported:
                return shape.IsLive ? WirePlan.Unsupported(SymbolText.Display(type), shape.Reason!, isLive: true) : Json(type, code, shape.Reason!);
            default:
                return PlanObject(type, code);
        }
    }

    private static WirePlan Shape(WirePlanKind kind, string type, WirePlan element) => new(kind, type, null, element, null, -1, null);

    /// <summary>Sets, immutable and frozen collections: sent as their elements (or entries), built again from them.</summary>
    private WirePlan OtherCollection(TypeModel.TypeShape shape, INamedTypeSymbol type)
    {
        const string Immutable = "global::System.Collections.Immutable.";
        const string Frozen = "global::System.Collections.Frozen.";
        var arguments = string.Join(", ", type.TypeArguments.Select(SymbolText.Code));
        var build = shape.Collection switch
        {
            TypeModel.CollectionKind.ImmutableArray => Immutable + "ImmutableArray.CreateRange(items)",
            TypeModel.CollectionKind.ImmutableList => Immutable + "ImmutableList.CreateRange(items)",
            TypeModel.CollectionKind.HashSet => $"new global::System.Collections.Generic.HashSet<{arguments}>(items)",
            TypeModel.CollectionKind.SortedSet => $"new global::System.Collections.Generic.SortedSet<{arguments}>(items)",
            TypeModel.CollectionKind.ImmutableHashSet => Immutable + "ImmutableHashSet.CreateRange(items)",
            TypeModel.CollectionKind.ImmutableSortedSet => Immutable + "ImmutableSortedSet.CreateRange(items)",
            TypeModel.CollectionKind.FrozenSet => Frozen + "FrozenSet.ToFrozenSet(items)",
            TypeModel.CollectionKind.SortedDictionary => $"new global::System.Collections.Generic.SortedDictionary<{arguments}>(items)",
            TypeModel.CollectionKind.ImmutableDictionary => Immutable + "ImmutableDictionary.CreateRange(items)",
            TypeModel.CollectionKind.ImmutableSortedDictionary => Immutable + "ImmutableSortedDictionary.CreateRange(items)",
            TypeModel.CollectionKind.FrozenDictionary => Frozen + "FrozenDictionary.ToFrozenDictionary(items)",
            var other => throw new System.InvalidOperationException($"the type model's collection {other} has no wire form"),
        };
        var code = SymbolText.Code(type);
        return shape.Kind == TypeModel.ShapeKind.Map
            ? new WirePlan(WirePlanKind.Dictionary, code, null, Plan(type.TypeArguments[1]), Plan(type.TypeArguments[0]), -1, null) { Build = build }
            : Shape(WirePlanKind.List, code, Plan(type.TypeArguments[0])) with { Build = build, IsImmutableArray = shape.Collection == TypeModel.CollectionKind.ImmutableArray };
    }

    private WirePlan PlanObject(ITypeSymbol type, string code)
    {
        var definition = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_objectIndexes.TryGetValue(definition, out var known))
            return new WirePlan(WirePlanKind.Object, code, null, null, null, known, null);
        if (definition is INamedTypeSymbol { IsTupleType: true } tuple)
            return PlanTuple(tuple, code);

        // The type model's public state (base types' members first, as the memo key reads them).
        var readable = (definition is INamedTypeSymbol named ? TypeModel.TypeShapes.PublicStateMembers(named) : [])
            .Select(m => m switch
            {
                IPropertySymbol p => (m.Name, Type: (ITypeSymbol?)p.Type, Settable: p.SetMethod is { DeclaredAccessibility: Accessibility.Public } && !p.IsReadOnly),
                IFieldSymbol f => (m.Name, Type: (ITypeSymbol?)f.Type, Settable: !f.IsReadOnly),
                _ => (m.Name, Type: (ITypeSymbol?)null, Settable: false),
            })
            .ToList();
        // The constructor that takes the most readable members by name (a positional record's primary one), or none.
        var constructor = (definition as INamedTypeSymbol)?.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.All(p => p.RefKind == RefKind.None
                && readable.Any(m => string.Equals(m.Name, p.Name, System.StringComparison.OrdinalIgnoreCase) && SymbolEqualityComparer.Default.Equals(m.Type, p.Type))))
            .OrderByDescending(c => c.Parameters.Length)
            .FirstOrDefault();
        if (constructor is null)
            return Json(type, code, definition.IsValueType ? "has no public constructor taking its members" : "has no public constructor that takes its public members by name");
        var byConstructor = constructor.Parameters
            .Select(p => readable.First(m => string.Equals(m.Name, p.Name, System.StringComparison.OrdinalIgnoreCase)))
            .ToList();
        var settable = readable.Where(m => m.Settable && !byConstructor.Any(c => c.Name == m.Name)).ToList();
        if (byConstructor.Count + settable.Count == 0 && readable.Count > 0)
            return Json(type, code, "exposes members that its constructor and setters cannot restore");

        // Registered before its members are planned, so a member of the same type refers back to it.
        var index = _objects.Count;
        _objectIndexes[definition] = index;
        _objects.Add(null);
        var members = byConstructor.Concat(settable).Select(m => new WireMember(m.Name, Plan(m.Type!))).ToImmutableEquatableArray();
        _objects[index] = new ObjectWirePlan(definition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), definition.IsReferenceType, members, byConstructor.Count);
        return new WirePlan(WirePlanKind.Object, code, null, null, null, index, null);
    }

    /// <summary>A value tuple: its elements, in order, rebuilt with a tuple literal.</summary>
    private WirePlan PlanTuple(INamedTypeSymbol tuple, string code)
    {
        var index = _objects.Count;
        _objectIndexes[tuple] = index;
        _objects.Add(null);
        var members = tuple.TupleElements.Select(e => new WireMember(e.Name, Plan(e.Type))).ToImmutableEquatableArray();
        _objects[index] = new ObjectWirePlan(tuple.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), false, members, members.Count, IsTuple: true);
        return new WirePlan(WirePlanKind.Object, code, null, null, null, index, null);
    }

    /// <summary>The fallback for a type the generator cannot lay out: a JSON context of the project that lists it, or the reason.</summary>
    private WirePlan Json(ITypeSymbol type, string code, string reason)
    {
        _jsonTypes ??= FindJsonTypes();
        return _jsonTypes.TryGetValue(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated), out var context)
            ? new WirePlan(WirePlanKind.Json, code, context, null, null, -1, null, type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            : WirePlan.Unsupported(SymbolText.Display(type), reason);
    }

    /// <summary>
    /// Every type listed by <c>[JsonSerializable(typeof(T))]</c> on a <c>JsonSerializerContext</c> of this compilation. Looked
    /// up only when an app has a type the generator cannot lay out. In an IDE the result is refreshed when the app's own
    /// file changes (a full build always sees the project as it is).
    /// </summary>
    private Dictionary<ITypeSymbol, string> FindJsonTypes()
    {
        var found = new Dictionary<ITypeSymbol, string>(SymbolEqualityComparer.Default);
        var attribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        var contextBase = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
        if (attribute is null || contextBase is null)
            return found;
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    pending.Push(ns);
                    continue;
                }
                if (member is not INamedTypeSymbol named)
                    continue;
                pending.Push(named);
                if (!InheritsFrom(named, contextBase))
                    continue;
                foreach (var data in named.GetAttributes())
                    if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute) && data.ConstructorArguments.FirstOrDefault().Value is ITypeSymbol listed
                        && !found.ContainsKey(listed))
                        found[listed] = named.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            }
        }
        return found;
    }

    private static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
                return true;
        return false;
    }
}
