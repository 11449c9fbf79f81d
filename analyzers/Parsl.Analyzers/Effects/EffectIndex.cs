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
    private readonly ConcurrentDictionary<IMethodSymbol, MethodEffects> _effects = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    private EffectIndex(Compilation compilation, KnownTypes types)
    {
        _compilation = compilation;
        _types = types;
    }

    public static EffectIndex For(Compilation compilation, KnownTypes types) => s_indexes.GetValue(compilation, c => new EffectIndex(c, types));

    /// <summary>Every effect of <paramref name="kind"/> that the app whose operation block is being analyzed reaches; see <see cref="Find"/>.</summary>
    public static IEnumerable<EffectFinding> FindInApp(OperationBlockAnalysisContext context, IMethodSymbol app, KnownTypes types, EffectKind kind, Func<int, bool> isTrustedParameter)
    {
        var index = For(context.Compilation, types);
        var effects = index.EffectsOf(app, context.OperationBlocks, context.CancellationToken);
        return index.Find(app, effects, kind, isTrustedParameter, context.CancellationToken);
    }

    /// <summary>The effects of a body the caller already has as operations (an app's, from its operation block).</summary>
    public MethodEffects EffectsOf(IMethodSymbol method, ImmutableArray<IOperation> blocks, CancellationToken cancellationToken) =>
        _effects.GetOrAdd(method, m => MethodEffectsCollector.Collect(m, blocks, _compilation, _types, cancellationToken));

    /// <summary>
    /// Every effect of <paramref name="kind"/> that <paramref name="app"/> reaches: each in its body, and for each call
    /// into source the nearest effect behind it. A file read counts unless its path comes only from parameters for
    /// which <paramref name="isTrustedParameter"/> holds, all along the chain.
    /// </summary>
    public IEnumerable<EffectFinding> Find(IMethodSymbol app, MethodEffects appEffects, EffectKind kind, Func<int, bool> isTrustedParameter, CancellationToken cancellationToken)
    {
        foreach (var effect in appEffects.Effects)
            if (Counts(effect, kind, isTrustedParameter))
                yield return new EffectFinding(effect.Location, ImmutableArray.Create(app.Name, effect.Description), effect);

        foreach (var call in appEffects.Calls)
        {
            var trusted = TrustedParameters(call, isTrustedParameter);
            if (Search(call.Callee, trusted, ImmutableArray.Create(app.Name, call.CalleeName), kind, cancellationToken) is { } found)
                yield return new EffectFinding(call.Location, found.Chain, found.Effect);
        }
    }

    // Breadth first, so a message shows the shortest chain.
    private (ImmutableArray<string> Chain, Effect Effect)? Search(IMethodSymbol start, bool[] startTrusted, ImmutableArray<string> startChain, EffectKind kind, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<(IMethodSymbol Method, bool[] Trusted, ImmutableArray<string> Chain, int Depth)>();
        queue.Enqueue((start, startTrusted, startChain, 1));
        visited.Add(VisitKey(start, startTrusted));
        while (queue.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (method, trusted, chain, depth) = queue.Dequeue();
            var effects = EffectsOf(method, cancellationToken);
            foreach (var effect in effects.Effects)
                if (Counts(effect, kind, ordinal => ordinal < trusted.Length && trusted[ordinal]))
                    return (chain.Add(effect.Description), effect);
            if (depth >= MaxDepth)
                continue;
            foreach (var call in effects.Calls)
            {
                var calleeTrusted = TrustedParameters(call, ordinal => ordinal < trusted.Length && trusted[ordinal]);
                if (visited.Add(VisitKey(call.Callee, calleeTrusted)))
                    queue.Enqueue((call.Callee, calleeTrusted, chain.Add(call.CalleeName), depth + 1));
            }
        }
        return null;
    }

    private static bool Counts(Effect effect, EffectKind kind, Func<int, bool> isTrustedParameter) =>
        effect.Kind == kind && (!effect.IsConditional || !effect.PathParameters.All(isTrustedParameter));

    // A callee's parameter is trusted when its argument is made from trusted parameters of the caller (and not from constants alone).
    private static bool[] TrustedParameters(CallEdge call, Func<int, bool> isCallerParameterTrusted) =>
        call.ArgumentOrigins.Select(origin => origin is { IsEmpty: false } && origin.All(isCallerParameterTrusted)).ToArray();

    private static string VisitKey(IMethodSymbol method, bool[] trusted) =>
        (method.GetDocumentationCommentId() ?? method.ToDisplayString()) + "|" + string.Concat(trusted.Select(t => t ? '1' : '0'));

    private MethodEffects EffectsOf(IMethodSymbol method, CancellationToken cancellationToken) =>
        _effects.GetOrAdd(method, m => MethodEffectsCollector.Collect(m, BodyOf(m, cancellationToken), _compilation, _types, cancellationToken));

    private List<IOperation> BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var blocks = new List<IOperation>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
                continue;
            var node = reference.GetSyntax(cancellationToken);
            if (ModelFor(node.SyntaxTree).GetOperation(node, cancellationToken) is { } body)
                blocks.Add(body);
        }
        return blocks;
    }

    // Callees live in other trees than the app being analyzed; one model per tree is kept for the whole compilation.
#pragma warning disable RS1030 // the analysis context only offers the semantic model of the tree being analyzed
    private SemanticModel ModelFor(SyntaxTree tree) => _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030
}
