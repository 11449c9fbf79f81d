using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using static Parsl.Analyzers.Apps.SymbolNames;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Which types a cached app can key on and store: values with one canonical form, independent of culture, process and
/// object identity. Supported: primitives, strings, <c>decimal</c>, <c>DateTime</c>, <c>DateTimeOffset</c>,
/// <c>TimeSpan</c>, <c>Guid</c>, enums, <c>Parsl.BashResult</c>, <c>Parsl.DataFile</c>, <c>Parsl.Unit</c>, nullable
/// values, arrays, lists, read-only lists, sequences and dictionaries of supported types, and records, structs and
/// classes whose public instance properties and fields are all supported (cycles are fine).
/// </summary>
internal static class StableKeyTypes
{
    private static readonly HashSet<string> s_values = new()
    {
        "System.DateTime", "System.DateTimeOffset", "System.TimeSpan", "System.Guid", "System.DateOnly", "System.TimeOnly",
        "System.Int128", "System.UInt128", "System.Half", "Parsl.BashResult", "Parsl.DataFile", "Parsl.Unit",
    };

    private static readonly HashSet<string> s_sequences = new()
    {
        "System.Collections.Generic.List`1", "System.Collections.Generic.IList`1", "System.Collections.Generic.IReadOnlyList`1",
        "System.Collections.Generic.ICollection`1", "System.Collections.Generic.IReadOnlyCollection`1",
        "System.Collections.Generic.IEnumerable`1", "System.Collections.Immutable.ImmutableArray`1",
        "System.Collections.Immutable.ImmutableList`1",
    };

    private static readonly HashSet<string> s_dictionaries = new()
    {
        "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.IReadOnlyDictionary`2", "System.Collections.Generic.SortedDictionary`2",
        "System.Collections.Immutable.ImmutableSortedDictionary`2",
    };

    private static readonly HashSet<string> s_tasks = new()
    {
        "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1", "System.Threading.Tasks.ValueTask", "System.Threading.Tasks.ValueTask`1",
        "Parsl.AppFuture`1", // a join app stores the result of the future it returns
    };

    /// <summary>Why <paramref name="type"/> has no stable key, or null when it has one.</summary>
    public static string? Problem(ITypeSymbol type, KnownTypes types)
    {
        // Apps share their parameter types (a record per workflow), so each type is judged once per compilation.
        if (types.StableKeyProblems.TryGetValue(type, out var known))
            return known;
        return types.StableKeyProblems.GetOrAdd(type, Problem(type, types, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)));
    }

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

    private static string? Problem(ITypeSymbol type, KnownTypes types, HashSet<ITypeSymbol> visiting)
    {
        switch (type)
        {
            case { TypeKind: TypeKind.Dynamic }:
            case { SpecialType: SpecialType.System_Object }:
                return "its runtime type is unknown, so its value cannot be written canonically";
            case { TypeKind: TypeKind.Pointer or TypeKind.FunctionPointer }:
            case { SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr }:
                return "a pointer or native handle means nothing in another process or run";
            case { TypeKind: TypeKind.Delegate }:
                return "a delegate is code, which has no value to hash";
            case { TypeKind: TypeKind.TypeParameter }:
                return "a type parameter has no known form";
            case { TypeKind: TypeKind.Enum }:
            case { SpecialType: >= SpecialType.System_Boolean and <= SpecialType.System_String }:
                return null;
            case IArrayTypeSymbol array:
                return Inner(array.ElementType, "its elements", types, visiting);
        }
        if (type is not INamedTypeSymbol named)
            return "it has no known form";
        var name = FullName(named);
        if (s_values.Contains(name))
            return null;
        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            return Problem(named.TypeArguments[0], types, visiting);
        if (s_sequences.Contains(name))
            return Inner(named.TypeArguments[0], "its elements", types, visiting);
        if (s_dictionaries.Contains(name))
            return Inner(named.TypeArguments[0], "its keys", types, visiting) ?? Inner(named.TypeArguments[1], "its values", types, visiting);
        if (s_tasks.Contains(name) || types.IsFuture(named))
            return "a task or future is not a value; declare the value's type and pass the future to the app's stub";
        if (SymbolEqualityComparer.Default.Equals(named, types.CancellationToken))
            return "a cancellation token is not a value (only a top-level CancellationToken parameter is left out of the key)";
        if (DerivesFrom(named, "System.IO.Stream"))
            return "a stream is read once and has no value to hash; pass a DataFile or a path";
        if (named.TypeKind == TypeKind.Interface || named.IsAbstract)
            return "its runtime type is unknown, so its value cannot be written canonically";
        if (named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
            return "collections other than arrays, lists and dictionaries have no stable order or form; use an array, a List or a Dictionary";
        return MembersProblem(named, types, visiting);
    }

    private static string? MembersProblem(INamedTypeSymbol type, KnownTypes types, HashSet<ITypeSymbol> visiting)
    {
        if (!visiting.Add(type))
            return null; // a cycle: the members on the way decide
        var members = type.GetMembers()
            .Where(member => !member.IsStatic && member.DeclaredAccessibility == Accessibility.Public)
            .Select(member => member switch
            {
                IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property => property.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            } is { } memberType ? (member.Name, Type: memberType) : default)
            .Where(member => member.Type is not null)
            .ToList();
        // Reference assemblies drop private fields, so a framework type without public state may still hold some.
        if (members.Count == 0 && (!type.Locations.Any(location => location.IsInSource)
            || type.GetMembers().OfType<IFieldSymbol>().Any(field => !field.IsStatic && !field.IsImplicitlyDeclared)))
            return "its state is private, so it has no public properties or fields to hash";
        foreach (var (memberName, memberType) in members)
        {
            if (Problem(memberType, types, visiting) is { } problem)
                return $"'{type.Name}.{memberName}' is '{Short(memberType)}': {problem}";
        }
        return null;
    }

    private static string? Inner(ITypeSymbol element, string what, KnownTypes types, HashSet<ITypeSymbol> visiting) =>
        Problem(element, types, visiting) is { } problem ? $"{what} are '{Short(element)}': {problem}" : null;

    private static bool DerivesFrom(INamedTypeSymbol type, string baseName)
    {
        for (var current = type; current is not null; current = current.BaseType)
            if (FullName(current) == baseName)
                return true;
        return false;
    }
}
