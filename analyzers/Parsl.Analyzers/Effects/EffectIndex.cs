using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Parsl.Analyzers.Apps;

namespace Parsl.Analyzers.Effects;

/// <summary>An effect an app reaches, with where to report it in the app and how it got there.</summary>
/// <param name="Location">The effect itself when it is in the app's body, else the app's call that leads to it.</param>
/// <param name="Chain">The app, each method called on the way, and the effect: <c>Simulate → Helper.Jitter → Random.Shared</c>.</param>
internal sealed record EffectFinding(Location Location, ImmutableArray<string> Chain, Effect Effect)
{
    public bool IsDirect => Chain.Length == 2;

    public string ChainText => string.Join(" → ", Chain);
}

/// <summary>
/// One per compilation, shared by the analyzers that follow calls: the direct effects of every method body it has
/// read (each read once), and the search from an app through the methods it calls, at most <see cref="MaxDepth"/>
/// calls deep, each method visited once per set of trusted parameters so that cycles end.
/// </summary>
internal sealed class EffectIndex
{
    /// <summary>How many calls deep the search follows; deeper effects go unreported.</summary>
    public const int MaxDepth = 8;

    private static readonly ConditionalWeakTable<Compilation, EffectIndex> s_indexes = new();

    private readonly Compilation _compilation;
    private readonly KnownTypes _types;
    // Sized for a project's methods up front: growing a concurrent dictionary takes all its locks while analyzers on
    // other threads wait to add.
    private readonly ConcurrentDictionary<IMethodSymbol, MethodEffects> _effects = new(ConcurrencyLevel, 1024, SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SearchKey, Box<Found?>> _searches = new(ConcurrencyLevel, 256, EqualityComparer<SearchKey>.Default);

    // Locks to stripe the dictionaries over: more than the analyzer threads of a large machine.
    private const int ConcurrencyLevel = 32;

    private EffectIndex(Compilation compilation, KnownTypes types)
    {
        _compilation = compilation;
        _types = types;
    }

    public static EffectIndex For(Compilation compilation, KnownTypes types) => s_indexes.GetValue(compilation, c => new EffectIndex(c, types));

    /// <summary>Every effect of <paramref name="kind"/> that the app whose body is being analyzed reaches; see <see cref="Find"/>.</summary>
    public static IEnumerable<EffectFinding> FindInApp(AppBodyContext context, EffectKind kind, Func<int, bool> isTrustedParameter)
    {
        var app = context.App.Method;
        var index = For(context.Compilation, context.Types);
        var effects = index.EffectsOf(app, context.Body, context.CancellationToken);
        return index.Find(app, effects, kind, isTrustedParameter, context.CancellationToken);
    }

    /// <summary>The effects of a body the caller already has as operations (an app's, bound by its analyzer).</summary>
    public MethodEffects EffectsOf(IMethodSymbol method, ImmutableArray<IOperation> blocks, CancellationToken cancellationToken) =>
        _effects.TryGetValue(method, out var known)
            ? known
            : _effects.GetOrAdd(method, MethodEffectsCollector.Collect(method, blocks, _compilation, _types, cancellationToken));

    /// <summary>
    /// Every effect of <paramref name="kind"/> that <paramref name="app"/> reaches: each in its body, and for each call
    /// into source the nearest effect behind it. A file read counts unless its path comes only from parameters for
    /// which <paramref name="isTrustedParameter"/> holds, all along the chain.
    /// </summary>
    public IEnumerable<EffectFinding> Find(IMethodSymbol app, MethodEffects appEffects, EffectKind kind, Func<int, bool> isTrustedParameter, CancellationToken cancellationToken)
    {
        var findings = new List<EffectFinding>();
        var appName = app.Name;
        foreach (var effect in appEffects.Effects)
            if (Counts(effect, kind, isTrustedParameter))
                findings.Add(new EffectFinding(effect.Location, ImmutableArray.Create(appName, effect.Description), effect));

        foreach (var call in appEffects.Calls)
        {
            var trusted = TrustedParameters(call, isTrustedParameter);
            if (Search(new SearchKey(call.Callee, trusted, kind), cancellationToken) is { } found)
                findings.Add(new EffectFinding(call.Location, ImmutableArray.Create(appName, call.CalleeName).AddRange(found.Chain), found.Effect));
        }
        return findings;
    }

    /// <summary>
    /// The nearest effect behind a call (breadth first, so a message shows the shortest chain), with the names of the
    /// methods called after the first one and the effect's description; remembered, since many apps call the same helpers.
    /// </summary>
    private Found? Search(SearchKey start, CancellationToken cancellationToken)
    {
        if (_searches.TryGetValue(start, out var known))
            return known.Value;
        var found = new Box<Found?>(SearchUncached(start, cancellationToken));
        return _searches.GetOrAdd(start, found).Value;
    }

    private Found? SearchUncached(SearchKey start, CancellationToken cancellationToken)
    {
        var visited = new HashSet<SearchKey> { start };
        var queue = new Queue<(SearchKey Key, ImmutableArray<string> Chain, int Depth)>();
        queue.Enqueue((start, ImmutableArray<string>.Empty, 1));
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (key, chain, depth) = queue.Dequeue();
            var trusted = key.Trusted;
            var effects = EffectsOf(key.Method, cancellationToken);
            foreach (var effect in effects.Effects)
                if (Counts(effect, start.Kind, ordinal => ordinal < trusted.Length && trusted[ordinal]))
                    return new Found(chain.Add(effect.Description), effect);
            if (depth >= MaxDepth)
                continue;
            foreach (var call in effects.Calls)
            {
                var callee = new SearchKey(call.Callee, TrustedParameters(call, ordinal => ordinal < trusted.Length && trusted[ordinal]), start.Kind);
                if (visited.Add(callee))
                    queue.Enqueue((callee, chain.Add(call.CalleeName), depth + 1));
            }
        }
        return null;
    }

    private static bool Counts(Effect effect, EffectKind kind, Func<int, bool> isTrustedParameter) =>
        effect.Kind == kind && (!effect.IsConditional || !effect.PathParameters.All(isTrustedParameter));

    // A callee's parameter is trusted when its argument is made from trusted parameters of the caller (and not from constants alone).
    private static bool[] TrustedParameters(CallEdge call, Func<int, bool> isCallerParameterTrusted)
    {
        var trusted = new bool[call.ArgumentOrigins.Length];
        for (var i = 0; i < trusted.Length; i++)
            trusted[i] = call.ArgumentOrigins[i] is { IsEmpty: false } origin && origin.All(isCallerParameterTrusted);
        return trusted;
    }

    // A method reached by a call: its body is bound only if its effects are not known yet.
    private MethodEffects EffectsOf(IMethodSymbol method, CancellationToken cancellationToken) =>
        _effects.TryGetValue(method, out var known) ? known : EffectsOf(method, _types.BodyOf(method, cancellationToken), cancellationToken);

    private sealed record Found(ImmutableArray<string> Chain, Effect Effect);

    private sealed class Box<T>(T value)
    {
        public T Value { get; } = value;
    }

    /// <summary>A method reached with these of its parameters trusted, looking for effects of one kind.</summary>
    private readonly struct SearchKey(IMethodSymbol method, bool[] trusted, EffectKind kind) : IEquatable<SearchKey>
    {
        public IMethodSymbol Method { get; } = method;
        public bool[] Trusted { get; } = trusted;
        public EffectKind Kind { get; } = kind;

        public bool Equals(SearchKey other)
        {
            if (Kind != other.Kind || Trusted.Length != other.Trusted.Length || !SymbolEqualityComparer.Default.Equals(Method, other.Method))
                return false;
            for (var i = 0; i < Trusted.Length; i++)
                if (Trusted[i] != other.Trusted[i])
                    return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is SearchKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = SymbolEqualityComparer.Default.GetHashCode(Method) * 31 + (int)Kind;
            foreach (var bit in Trusted)
                hash = hash * 2 + (bit ? 1 : 0);
            return hash;
        }
    }
}
