using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Parsl.Analyzers.Effects;

/// <summary>What an effect means for an app.</summary>
internal enum EffectKind
{
    /// <summary>A value that can differ between two runs with the same arguments (PARSL020 in a cached app).</summary>
    Nondeterminism,

    /// <summary>A write to state shared by every app on the process (PARSL025).</summary>
    StaticWrite,
}

/// <summary>One effect found directly in a method body.</summary>
/// <param name="Description">How a message names it, e.g. <c>Random.Shared</c>.</param>
/// <param name="PathParameters">
/// For a file read whose path is derived only from parameters of the method: those parameters' ordinals, so the read
/// is a declared input exactly when the caller passes app inputs for them. Empty for an unconditional effect.
/// </param>
/// <param name="IsSimpleValue">A static property or a call with constant arguments, whose value could be a parameter instead.</param>
internal sealed record Effect(EffectKind Kind, string Description, Location Location, ImmutableArray<int> PathParameters, bool IsSimpleValue)
{
    public bool IsConditional => !PathParameters.IsEmpty;
}

/// <summary>A call from a method to another method whose source is in the same compilation.</summary>
/// <param name="ArgumentOrigins">
/// Per callee parameter ordinal: the caller's parameter ordinals its argument is derived from, or null when the argument
/// is not derived from the caller's parameters and constants alone.
/// </param>
internal sealed record CallEdge(IMethodSymbol Callee, string CalleeName, Location Location, ImmutableArray<ParameterSet?> ArgumentOrigins);

/// <summary>The direct facts about one method body: its effects and the calls it makes into source.</summary>
internal sealed record MethodEffects(ImmutableArray<Effect> Effects, ImmutableArray<CallEdge> Calls)
{
    public static readonly MethodEffects None = new(ImmutableArray<Effect>.Empty, ImmutableArray<CallEdge>.Empty);
}
