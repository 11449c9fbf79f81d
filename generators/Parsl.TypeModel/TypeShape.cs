using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Parsl.TypeModel;

/// <summary>What a type is to Parsl: how its values are keyed for the memo table and laid out for a worker.</summary>
internal enum ShapeKind
{
    /// <summary>One value written by the runtime's own writer (numbers, strings, dates, <c>Guid</c>, <c>DataFile</c>, …).</summary>
    Scalar,
    Enum,
    Nullable,
    /// <summary>Elements in their order: arrays, lists, immutable arrays and lists.</summary>
    Sequence,
    /// <summary>Elements in no defined order (sets): keyed in the order of their own keys.</summary>
    Set,
    /// <summary>Entries in no defined order (dictionaries): keyed in the order of their keys' keys.</summary>
    Map,
    /// <summary>Plain data: its public members are all its state.</summary>
    Object,
    /// <summary>A value tuple: its elements in order.</summary>
    Tuple,
    /// <summary>No stable form; <see cref="TypeShape.Reason"/> says why.</summary>
    Unsupported,
}

/// <summary>The runtime's scalar writers beyond C#'s special types.</summary>
internal enum ScalarKind
{
    Special,
    Guid,
    DateTime,
    DateTimeOffset,
    TimeSpan,
    DateOnly,
    TimeOnly,
    BigInteger,
    Int128,
    UInt128,
    Half,
    DataFile,
    BashResult,
    Unit,
}

/// <summary>The known collections, each built and read its own way.</summary>
internal enum CollectionKind
{
    Array,
    List,
    ListInterface,
    ImmutableArray,
    ImmutableList,
    HashSet,
    SortedSet,
    ImmutableHashSet,
    ImmutableSortedSet,
    FrozenSet,
    Dictionary,
    SortedDictionary,
    ImmutableDictionary,
    ImmutableSortedDictionary,
    FrozenDictionary,
}

/// <summary>
/// One type's shape, built once per compilation by <see cref="TypeShapes"/> and read by the memo-key planner, the wire
/// planner and the analyzers alike, so they never disagree. Holds symbols: a shape lives within one compilation, and
/// the generator turns it into equatable plans before anything is cached.
/// </summary>
internal sealed class TypeShape
{
    internal TypeShape(ShapeKind kind, ITypeSymbol type)
    {
        Kind = kind;
        Type = type;
    }

    public ShapeKind Kind { get; internal set; }

    public ITypeSymbol Type { get; }

    public ScalarKind Scalar { get; internal set; }

    public CollectionKind Collection { get; internal set; }

    /// <summary>The element of a nullable, sequence or set; the value of a map.</summary>
    public TypeShape? Element { get; internal set; }

    /// <summary>The key of a map.</summary>
    public TypeShape? Key { get; internal set; }

    /// <summary>An object's or tuple's members: all its state, in declaration order (base types first).</summary>
    public IReadOnlyList<ShapeMember> Members { get; internal set; } = [];

    /// <summary>Why an unsupported type has no stable form (after "its type T …"); null otherwise.</summary>
    public string? Reason { get; internal set; }

    /// <summary>Code, an address or a live resource (a stream, a lock): no serializer can carry it either.</summary>
    public bool IsLive { get; internal set; }
}

/// <summary>A member of an object or tuple shape.</summary>
internal sealed class ShapeMember(string name, ITypeSymbol type, TypeShape shape)
{
    public string Name { get; } = name;

    public ITypeSymbol Type { get; } = type;

    public TypeShape Shape { get; } = shape;
}
