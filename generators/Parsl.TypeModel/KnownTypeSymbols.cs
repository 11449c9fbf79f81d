using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Parsl.TypeModel;

/// <summary>
/// The types whose shape the type model knows by name, resolved once per compilation (as System.Text.Json's generator
/// does): every decision compares symbols with these, never display strings. One instance per compilation, shared by
/// the generator and the analyzers that run on it.
/// </summary>
internal sealed class KnownTypeSymbols
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypeSymbols> s_perCompilation = new();

    private readonly Dictionary<INamedTypeSymbol, ScalarKind> _scalars = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, CollectionKind> _collections = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> _plainData = new(SymbolEqualityComparer.Default);

    private KnownTypeSymbols(Compilation compilation)
    {
        Compilation = compilation;
        foreach (var (name, kind) in s_scalarNames)
            if (compilation.GetTypeByMetadataName(name) is { } type)
                _scalars[type] = kind;
        foreach (var (name, kind) in s_collectionNames)
            if (compilation.GetTypeByMetadataName(name) is { } type)
                _collections[type] = kind;
        foreach (var name in s_plainDataNames)
            if (compilation.GetTypeByMetadataName(name) is { } type)
                _plainData.Add(type);
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        AppFutureOfT = compilation.GetTypeByMetadataName("Parsl.AppFuture`1");
        FutureOfT = compilation.GetTypeByMetadataName("Parsl.Future`1");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
    }

    public static KnownTypeSymbols For(Compilation compilation) => s_perCompilation.GetValue(compilation, static c => new KnownTypeSymbols(c));

    public Compilation Compilation { get; }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? AppFutureOfT { get; }

    public INamedTypeSymbol? FutureOfT { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? ValueTask { get; }

    /// <summary>The shapes of this compilation's types, shared by everything that asks.</summary>
    public TypeShapes Shapes => _shapes ??= new TypeShapes(this);

    private TypeShapes? _shapes;

    /// <summary>The scalar a named type is (besides C#'s special types), or null.</summary>
    public ScalarKind? ScalarOf(ITypeSymbol type) =>
        type is INamedTypeSymbol named && _scalars.TryGetValue(named, out var kind) ? kind : null;

    /// <summary>Which known collection a constructed type is (List&lt;T&gt;, ImmutableArray&lt;T&gt;, …), or null.</summary>
    public CollectionKind? CollectionOf(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named && _collections.TryGetValue(named.OriginalDefinition, out var kind) ? kind : null;

    /// <summary>
    /// A framework type from a reference assembly whose public members are known to be all its state (a key-value pair,
    /// a tuple), though it is no record: keyed and sent by those members.
    /// </summary>
    public bool IsPlainData(INamedTypeSymbol type) => _plainData.Contains(type.OriginalDefinition);

    public bool IsFuture(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && (Is(named.OriginalDefinition, AppFutureOfT) || Is(named.OriginalDefinition, FutureOfT) || Is(named.OriginalDefinition, TaskOfT) || Is(named.OriginalDefinition, ValueTaskOfT))
        || Is(type, Task) || Is(type, ValueTask);

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) => known is not null && SymbolEqualityComparer.Default.Equals(type, known);

    private static readonly (string Name, ScalarKind Kind)[] s_scalarNames =
    [
        ("System.Guid", ScalarKind.Guid), ("System.DateTime", ScalarKind.DateTime), ("System.DateTimeOffset", ScalarKind.DateTimeOffset),
        ("System.TimeSpan", ScalarKind.TimeSpan), ("System.DateOnly", ScalarKind.DateOnly), ("System.TimeOnly", ScalarKind.TimeOnly),
        ("System.Numerics.BigInteger", ScalarKind.BigInteger), ("System.Int128", ScalarKind.Int128), ("System.UInt128", ScalarKind.UInt128),
        ("System.Half", ScalarKind.Half), ("Parsl.DataFile", ScalarKind.DataFile), ("Parsl.BashResult", ScalarKind.BashResult), ("Parsl.Unit", ScalarKind.Unit),
    ];

    private static readonly string[] s_plainDataNames =
    [
        "System.Collections.Generic.KeyValuePair`2",
        "System.Tuple`1", "System.Tuple`2", "System.Tuple`3", "System.Tuple`4", "System.Tuple`5", "System.Tuple`6", "System.Tuple`7",
    ];

    private static readonly (string Name, CollectionKind Kind)[] s_collectionNames =
    [
        ("System.Collections.Generic.List`1", CollectionKind.List),
        ("System.Collections.Generic.IEnumerable`1", CollectionKind.ListInterface),
        ("System.Collections.Generic.IList`1", CollectionKind.ListInterface),
        ("System.Collections.Generic.IReadOnlyList`1", CollectionKind.ListInterface),
        ("System.Collections.Generic.ICollection`1", CollectionKind.ListInterface),
        ("System.Collections.Generic.IReadOnlyCollection`1", CollectionKind.ListInterface),
        ("System.Collections.Immutable.ImmutableArray`1", CollectionKind.ImmutableArray),
        ("System.Collections.Immutable.ImmutableList`1", CollectionKind.ImmutableList),
        ("System.Collections.Immutable.IImmutableList`1", CollectionKind.ImmutableList),
        ("System.Collections.Generic.HashSet`1", CollectionKind.HashSet),
        ("System.Collections.Generic.SortedSet`1", CollectionKind.SortedSet),
        ("System.Collections.Generic.ISet`1", CollectionKind.HashSet),
        ("System.Collections.Generic.IReadOnlySet`1", CollectionKind.HashSet),
        ("System.Collections.Immutable.ImmutableHashSet`1", CollectionKind.ImmutableHashSet),
        ("System.Collections.Immutable.ImmutableSortedSet`1", CollectionKind.ImmutableSortedSet),
        ("System.Collections.Immutable.IImmutableSet`1", CollectionKind.ImmutableHashSet),
        ("System.Collections.Frozen.FrozenSet`1", CollectionKind.FrozenSet),
        ("System.Collections.Generic.Dictionary`2", CollectionKind.Dictionary),
        ("System.Collections.Generic.IDictionary`2", CollectionKind.Dictionary),
        ("System.Collections.Generic.IReadOnlyDictionary`2", CollectionKind.Dictionary),
        ("System.Collections.Generic.SortedDictionary`2", CollectionKind.SortedDictionary),
        ("System.Collections.Immutable.ImmutableDictionary`2", CollectionKind.ImmutableDictionary),
        ("System.Collections.Immutable.IImmutableDictionary`2", CollectionKind.ImmutableDictionary),
        ("System.Collections.Immutable.ImmutableSortedDictionary`2", CollectionKind.ImmutableSortedDictionary),
        ("System.Collections.Frozen.FrozenDictionary`2", CollectionKind.FrozenDictionary),
    ];
}
