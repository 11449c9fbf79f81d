using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;

namespace Parsl.Generators;

/// <summary>
/// Decides at compile time how each argument type of a cached app goes into the memo key: a canonical writer for
/// numbers, strings, files and bash results; element by element for ordered sequences; member by member for records
/// and other plain data types; and an explicit error for anything without a stable form.
/// </summary>
internal sealed class CacheKeyPlanner
{
    private const int MaxDepth = 6;

    private static readonly HashSet<string> s_scalars = new()
    {
        "System.Guid", "System.DateTime", "System.DateTimeOffset", "System.TimeSpan", "Parsl.DataFile", "Parsl.BashResult", "Parsl.Unit",
    };

    private static readonly HashSet<string> s_orderedSequences = new()
    {
        "System.Collections.Generic.List<T>", "System.Collections.Generic.IEnumerable<T>", "System.Collections.Generic.IReadOnlyList<T>",
        "System.Collections.Generic.IReadOnlyCollection<T>", "System.Collections.Generic.IList<T>", "System.Collections.Generic.ICollection<T>",
    };

    private readonly List<ObjectKeyPlan?> _objects = new();
    private readonly Dictionary<ITypeSymbol, int> _objectIndexes = new(SymbolEqualityComparer.Default);

    /// <summary>The data types met so far, each written by its own generated method.</summary>
    public ImmutableEquatableArray<ObjectKeyPlan> Objects => _objects.Select(o => o!).ToImmutableEquatableArray();

    public KeyPlan Plan(ITypeSymbol type) => Plan(type, 0);

    private KeyPlan Plan(ITypeSymbol type, int depth)
    {
        var name = SymbolText.Display(type);
        if (IsScalar(type))
            return KeyPlan.Scalar(name);
        if (type.TypeKind == TypeKind.Enum)
            return new KeyPlan(KeyPlanKind.Enum, name, null, -1, null);
        if (type is INamedTypeSymbol { ConstructedFrom.SpecialType: SpecialType.System_Nullable_T } nullable)
            return Wrap(KeyPlanKind.Nullable, name, Plan(nullable.TypeArguments[0], depth + 1));
        if (type is IArrayTypeSymbol { Rank: 1 } array)
            return Wrap(KeyPlanKind.Sequence, name, Plan(array.ElementType, depth + 1));
        if (type is INamedTypeSymbol { IsGenericType: true } generic && s_orderedSequences.Contains(SymbolText.Display(generic.ConstructedFrom)))
            return Wrap(KeyPlanKind.Sequence, name, Plan(generic.TypeArguments[0], depth + 1));
        if (Unsupported(type) is { } reason)
            return KeyPlan.Unsupported(name, reason);

        var definition = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (_objectIndexes.TryGetValue(definition, out var known))
            return new KeyPlan(KeyPlanKind.Object, name, null, known, null);
        if (depth >= MaxDepth)
            return KeyPlan.Unsupported(name, "nests too deeply");
        var members = definition.GetMembers()
            .Where(m => !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public)
            .Select(m => m switch
            {
                IPropertySymbol { IsIndexer: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property => (m.Name, Type: property.Type),
                IFieldSymbol { IsImplicitlyDeclared: false } field => (m.Name, Type: field.Type),
                _ => (m.Name, Type: (ITypeSymbol?)null),
            })
            .Where(m => m.Type is not null)
            .ToList();
        if (members.Count == 0)
            return KeyPlan.Unsupported(name, "has no public properties or fields to key on");

        // Registered before its members are planned, so a member of the same type refers back to it.
        var index = _objects.Count;
        _objectIndexes[definition] = index;
        _objects.Add(null);
        var planned = members.Select(m => new KeyMember(m.Name, Plan(m.Type!, depth + 1))).ToImmutableEquatableArray();
        _objects[index] = new ObjectKeyPlan(definition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), definition.IsReferenceType, planned);
        return new KeyPlan(KeyPlanKind.Object, name, null, index, null);
    }

    private static KeyPlan Wrap(KeyPlanKind kind, string name, KeyPlan element) => new(kind, name, element, -1, null);

    private static bool IsScalar(ITypeSymbol type) =>
        type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
            or SpecialType.System_Decimal or SpecialType.System_String
        || s_scalars.Contains(SymbolText.Display(type));

    private static string? Unsupported(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object || type.TypeKind == TypeKind.Dynamic)
            return "can hold anything, so it has no stable form";
        if (type.TypeKind is TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Interface or TypeKind.TypeParameter)
            return $"is {(type.TypeKind == TypeKind.Interface ? "an interface" : "a " + type.TypeKind.ToString().ToLowerInvariant())}, which has no stable form";
        if (type.IsAbstract && type.TypeKind == TypeKind.Class)
            return "is abstract, so its value's form depends on the derived type";
        var display = SymbolText.Display(type.OriginalDefinition);
        if (display.StartsWith("System.Collections.Generic.Dictionary") || display.StartsWith("System.Collections.Generic.HashSet")
            || display.StartsWith("System.Collections.Concurrent."))
            return "is unordered, so equal values could give different keys; pass a sorted list instead";
        if (display.StartsWith("System.Threading.Tasks.") || display.StartsWith("System.IO.Stream") || display.StartsWith("System.Threading."))
            return "is a live object, not data";
        return null;
    }
}
