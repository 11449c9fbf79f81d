using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;
using Parsl.TypeModel;

namespace Parsl.Generators;

/// <summary>
/// Turns the type model's shapes (<see cref="TypeShapes"/>, shared with the analyzers) into memo-key plans: a canonical
/// writer for scalars; element by element for sequences; in the order of their own keys for sets and dictionaries;
/// member by member for plain data; and, for a type without a stable form, the reason (PARSL021 reports it at compile
/// time, so the generated writer's refusal is never reached in a build that compiles).
/// </summary>
internal sealed class CacheKeyPlanner(TypeShapes shapes)
{
    private readonly List<ObjectKeyPlan?> _objects = new();
    private readonly Dictionary<TypeShape, int> _objectIndexes = new();

    /// <summary>The data types met so far, each written by its own generated method.</summary>
    public ImmutableEquatableArray<ObjectKeyPlan> Objects => _objects.Select(o => o!).ToImmutableEquatableArray();

    public KeyPlan Plan(ITypeSymbol type) =>
        shapes.KeyProblem(type) is { } problem
            ? KeyPlan.Unsupported(SymbolText.Display(type), problem)
            : Plan(shapes.Of(type));

    private KeyPlan Plan(TypeShape shape)
    {
        var name = SymbolText.Display(shape.Type);
        switch (shape.Kind)
        {
            case ShapeKind.Scalar:
                return KeyPlan.Scalar(name);
            case ShapeKind.Enum:
                return new KeyPlan(KeyPlanKind.Enum, name, null, -1, null);
            case ShapeKind.Nullable:
                return new KeyPlan(KeyPlanKind.Nullable, name, Plan(shape.Element!), -1, null);
            case ShapeKind.Sequence:
                return new KeyPlan(KeyPlanKind.Sequence, name, Plan(shape.Element!), -1, null) { IsImmutableArray = shape.Collection == CollectionKind.ImmutableArray };
            case ShapeKind.Set:
                return new KeyPlan(KeyPlanKind.Set, name, Plan(shape.Element!), -1, null);
            case ShapeKind.Map:
                return new KeyPlan(KeyPlanKind.Map, name, Plan(shape.Element!), -1, null) { Key = Plan(shape.Key!) };
            case ShapeKind.Object or ShapeKind.Tuple:
                if (_objectIndexes.TryGetValue(shape, out var known))
                    return new KeyPlan(KeyPlanKind.Object, name, null, known, null);
                // Registered before its members are planned, so a member of the same type refers back to it.
                var index = _objects.Count;
                _objectIndexes[shape] = index;
                _objects.Add(null);
                var members = shape.Members.Select(m => new KeyMember(m.Name, Plan(m.Shape))).ToImmutableEquatableArray();
                _objects[index] = new ObjectKeyPlan(shape.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), shape.Type.IsReferenceType, members);
                return new KeyPlan(KeyPlanKind.Object, name, null, index, null);
            default:
                return KeyPlan.Unsupported(name, shape.Reason ?? "has no stable form");
        }
    }
}
