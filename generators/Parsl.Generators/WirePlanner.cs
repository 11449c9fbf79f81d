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

    private static readonly Dictionary<string, string> s_namedReaders = new()
    {
        ["System.Guid"] = "ReadGuid", ["System.DateTime"] = "ReadDateTime", ["System.DateTimeOffset"] = "ReadDateTimeOffset",
        ["System.TimeSpan"] = "ReadTimeSpan", ["Parsl.DataFile"] = "ReadDataFile", ["Parsl.BashResult"] = "ReadBashResult",
        ["Parsl.Unit"] = "ReadUnit", ["byte[]"] = "ReadByteArray", ["System.DateOnly"] = "ReadDateOnly", ["System.TimeOnly"] = "ReadTimeOnly",
        ["System.Numerics.BigInteger"] = "ReadBigInteger", ["System.Int128"] = "ReadInt128", ["System.UInt128"] = "ReadUInt128", ["System.Half"] = "ReadHalf",
    };

    private static readonly HashSet<string> s_lists = new()
    {
        "System.Collections.Generic.List<T>", "System.Collections.Generic.IEnumerable<T>", "System.Collections.Generic.IReadOnlyList<T>",
        "System.Collections.Generic.IReadOnlyCollection<T>", "System.Collections.Generic.IList<T>", "System.Collections.Generic.ICollection<T>",
    };

    private static readonly HashSet<string> s_dictionaries = new()
    {
        "System.Collections.Generic.Dictionary<TKey, TValue>", "System.Collections.Generic.IDictionary<TKey, TValue>",
        "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>",
    };

    private readonly List<ObjectWirePlan?> _objects = new();
    private readonly Dictionary<ITypeSymbol, int> _objectIndexes = new(SymbolEqualityComparer.Default);
    private Dictionary<ITypeSymbol, string>? _jsonTypes;

    /// <summary>The data types met so far.</summary>
    public ImmutableEquatableArray<ObjectWirePlan> Objects => _objects.Select(o => o!).ToImmutableEquatableArray();

    public WirePlan Plan(ITypeSymbol type)
    {
        var code = SymbolText.Code(type);
        var display = SymbolText.Display(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
        if (s_specialReaders.TryGetValue(type.SpecialType, out var reader) || s_namedReaders.TryGetValue(display, out reader))
            return new WirePlan(WirePlanKind.Scalar, code, reader, null, null, -1, null);
        if (type.TypeKind == TypeKind.Enum)
            return new WirePlan(WirePlanKind.Enum, code, null, null, null, -1, null);
        if (type is INamedTypeSymbol { ConstructedFrom.SpecialType: SpecialType.System_Nullable_T } nullable)
            return Shape(WirePlanKind.Nullable, code, Plan(nullable.TypeArguments[0]));
        if (type is IArrayTypeSymbol array)
            return array.Rank == 1 ? Shape(WirePlanKind.Array, code, Plan(array.ElementType)) : Json(type, code, "is a multi-dimensional array");
        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            var definition = SymbolText.Display(generic.ConstructedFrom);
            if (s_lists.Contains(definition))
                return Shape(WirePlanKind.List, code, Plan(generic.TypeArguments[0]));
            if (s_dictionaries.Contains(definition))
                return new WirePlan(WirePlanKind.Dictionary, code, null, Plan(generic.TypeArguments[1]), Plan(generic.TypeArguments[0]), -1, null);
            // The type model's other collections travel as a list or a dictionary and are rebuilt from it.
            if (OtherCollection(shapes.Of(type), generic) is { } other)
                return other;
        }
        if (Unsupported(type) is { } unsupported)
            return unsupported.IsLive ? WirePlan.Unsupported(SymbolText.Display(type), unsupported.Reason, isLive: true) : Json(type, code, unsupported.Reason);
        return PlanObject(type, code);
    }

    private static WirePlan Shape(WirePlanKind kind, string type, WirePlan element) => new(kind, type, null, element, null, -1, null);

    /// <summary>Sets, immutable and frozen collections: sent as their elements (or entries), built again from them.</summary>
    private WirePlan? OtherCollection(TypeModel.TypeShape shape, INamedTypeSymbol type)
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
            _ => null,
        };
        if (build is null)
            return null;
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

    /// <summary>Why a type cannot be laid out, and whether it is live (code, an address, a stream): no serializer helps those.</summary>
    private static (string Reason, bool IsLive)? Unsupported(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
            return ("can hold anything, so no reader could know what to create", false);
        if (type.TypeKind is TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer)
            return ("is code or an address, which has no meaning in another process", true);
        if (type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter)
            return ("is an interface, so no reader could know what to create", false);
        if (type.IsAbstract && type.TypeKind == TypeKind.Class && !IsLiveObject(type))
            return ("is abstract, so no reader could know which derived type to create", false);
        if (type.IsRefLikeType)
            return ("is a ref struct, which lives on one stack", true);
        if (IsLiveObject(type))
            return ("is a live object (a stream, a connection, a lock), not data", true);
        // A collection's state is its elements, not its public properties (Count, Comparer…): never laid out member by member.
        if (type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                || i.SpecialType == SpecialType.System_Collections_IEnumerable))
            return ("is a collection the generator does not lay out (arrays, List<T>, dictionaries and their interfaces travel)", false);
        return null;
    }

    private static bool IsLiveObject(ITypeSymbol type)
    {
        var display = SymbolText.Display(type.OriginalDefinition);
        return display.StartsWith("System.Threading.") || display.StartsWith("System.IO.Stream") || display.StartsWith("System.Net.")
            || display.StartsWith("System.Diagnostics.Process") || display.StartsWith("System.Collections.Concurrent.");
    }
}
