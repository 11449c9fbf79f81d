using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Parsl.TypeModel;
using static Parsl.Analyzers.Apps.SymbolNames;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Which types a cached app can key on and store: the type model's answer (<see cref="TypeShapes.KeyProblem"/>), the
/// same one the generator's memo-key writer follows, so a parameter PARSL021 accepts is keyed by all of its value.
/// </summary>
internal static class StableKeyTypes
{
    private static readonly HashSet<string> s_tasks = new()
    {
        "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1", "System.Threading.Tasks.ValueTask", "System.Threading.Tasks.ValueTask`1",
        "Parsl.AppFuture`1", // a join app stores the result of the future it returns
    };

    /// <summary>Why <paramref name="type"/> has no stable key, or null when it has one.</summary>
    public static string? Problem(ITypeSymbol type, KnownTypes types) => types.Shapes.KeyProblem(type);

    /// <summary>The type a result is stored as: <c>T</c> for <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>; null when there is no value.</summary>
    public static ITypeSymbol? StoredResult(ITypeSymbol returnType)
    {
        if (returnType.SpecialType == SpecialType.System_Void)
            return null;
        if (returnType is INamedTypeSymbol named && s_tasks.Contains(FullName(named)))
            return named.TypeArguments.FirstOrDefault();
        // A join app returning a collection of futures stores the collection of their results: each must be storable.
        var element = returnType switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } collection => collection.TypeArguments[0],
            _ => null,
        };
        if (element is INamedTypeSymbol future && FullName(future) == "Parsl.AppFuture`1")
            return future.TypeArguments[0];
        return returnType;
    }
}
