using Microsoft.CodeAnalysis;
using Parsl.TypeModel;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Which types a cached app can key on and store: the type model's answer (<see cref="TypeShapes.KeyProblem"/>), the
/// same one the generator's memo-key writer follows, so a parameter PARSL021 accepts is keyed by all of its value.
/// </summary>
internal static class StableKeyTypes
{
    /// <summary>Why <paramref name="type"/> has no stable key, or null when it has one.</summary>
    public static string? Problem(ITypeSymbol type, KnownTypes types) => types.Shapes.KeyProblem(type);

    /// <summary>The type a result is stored as: <c>T</c> for <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>; null when there is no value.</summary>
    public static ITypeSymbol? StoredResult(ITypeSymbol returnType, KnownTypes types)
    {
        var model = types.Model;
        if (returnType.SpecialType == SpecialType.System_Void || KnownTypeSymbols.Is(returnType, model.Task) || KnownTypeSymbols.Is(returnType, model.ValueTask))
            return null;
        // A join app stores the result of the future it returns.
        if (returnType is INamedTypeSymbol { IsGenericType: true } named && IsValueFuture(named.OriginalDefinition, model))
            return named.TypeArguments[0];
        // A join app returning a collection of futures stores the collection of their results: each must be storable.
        var element = returnType switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } collection => collection.TypeArguments[0],
            _ => null,
        };
        if (element is INamedTypeSymbol { IsGenericType: true } future && KnownTypeSymbols.Is(future.OriginalDefinition, model.AppFutureOfT))
            return future.TypeArguments[0];
        return returnType;
    }

    private static bool IsValueFuture(INamedTypeSymbol definition, KnownTypeSymbols model) =>
        KnownTypeSymbols.Is(definition, model.TaskOfT) || KnownTypeSymbols.Is(definition, model.ValueTaskOfT) || KnownTypeSymbols.Is(definition, model.AppFutureOfT);
}
