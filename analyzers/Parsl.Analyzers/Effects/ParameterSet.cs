using System;
using System.Collections.Immutable;
using System.Linq;

namespace Parsl.Analyzers.Effects;

/// <summary>An immutable set of parameter ordinals: which parameters a value is derived from.</summary>
internal sealed class ParameterSet
{
    public static readonly ParameterSet Empty = new(ImmutableSortedSet<int>.Empty);

    private readonly ImmutableSortedSet<int> _ordinals;

    private ParameterSet(ImmutableSortedSet<int> ordinals) => _ordinals = ordinals;

    public static ParameterSet Of(int ordinal) => new(ImmutableSortedSet.Create(ordinal));

    public bool IsEmpty => _ordinals.IsEmpty;

    public ImmutableArray<int> Ordinals => _ordinals.ToImmutableArray();

    public bool All(Func<int, bool> predicate) => _ordinals.All(predicate);

    /// <summary>The union, or null when either side is not derived from parameters.</summary>
    public static ParameterSet? Union(ParameterSet? left, ParameterSet? right) =>
        left is null || right is null ? null
        : left.IsEmpty ? right
        : right.IsEmpty ? left
        : new ParameterSet(left._ordinals.Union(right._ordinals));
}
