using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>
/// How one type crosses to and from a worker process, decided at compile time: a scalar the runtime's writer knows, a
/// shape built from other plans (nullable, array, list, dictionary), a data type written member by member, a type a
/// <c>JsonSerializerContext</c> of the project lays out, or a reason it cannot travel.
/// </summary>
/// <param name="Kind">Which of those.</param>
/// <param name="Type">The type as generated code names it (fully qualified).</param>
/// <param name="Reader">For scalars, the <c>WireReader</c> method; for JSON, the context that lays the type out.</param>
/// <param name="Element">The element (or value) plan of a nullable, array, list or dictionary.</param>
/// <param name="Key">The key plan of a dictionary.</param>
/// <param name="ObjectIndex">For data types, the index of its <see cref="ObjectWirePlan"/> in the app's list.</param>
/// <param name="Reason">For types that cannot travel, why not (after "type T …").</param>
/// <param name="TypeOf">For JSON, the type without nullable annotations, as <c>typeof</c> takes it.</param>
internal sealed record WirePlan(WirePlanKind Kind, string Type, string? Reader, WirePlan? Element, WirePlan? Key, int ObjectIndex, string? Reason, string? TypeOf = null, bool IsLive = false)
{
    /// <summary>
    /// For a list or dictionary plan whose type is another collection (a set, an immutable or frozen one): the
    /// expression that builds it from <c>items</c>, the List or Dictionary read from the wire; null for List and Dictionary.
    /// </summary>
    public string? Build { get; init; }

    /// <summary>An ImmutableArray: a struct whose default stands for null.</summary>
    public bool IsImmutableArray { get; init; }

    public static WirePlan Unsupported(string type, string reason, bool isLive = false) => new(WirePlanKind.Unsupported, type, null, null, null, -1, reason, IsLive: isLive);

    /// <summary>The first part of the plan that cannot travel, or null when all of it can.</summary>
    public WirePlan? FirstUnsupported(ImmutableEquatableArray<ObjectWirePlan> objects, System.Collections.Generic.HashSet<int>? seen = null)
    {
        switch (Kind)
        {
            case WirePlanKind.Unsupported:
                return this;
            case WirePlanKind.Object:
                seen ??= new System.Collections.Generic.HashSet<int>();
                if (!seen.Add(ObjectIndex))
                    return null;
                foreach (var member in objects[ObjectIndex].Members)
                    if (member.Plan.FirstUnsupported(objects, seen) is { } inMember)
                        return inMember;
                return null;
            default:
                return Key?.FirstUnsupported(objects, seen) ?? Element?.FirstUnsupported(objects, seen);
        }
    }
}

/// <summary>A data type written member by member and rebuilt through its constructor and settable members.</summary>
/// <param name="Type">Fully qualified.</param>
/// <param name="IsReference">Whether null is possible (written as a presence flag).</param>
/// <param name="Members">Every member that travels: the constructor's parameters first, in order, then settable members.</param>
/// <param name="ConstructorArguments">How many of <see cref="Members"/> go to the constructor.</param>
/// <param name="IsTuple">A value tuple, rebuilt with a tuple literal.</param>
internal sealed record ObjectWirePlan(string Type, bool IsReference, ImmutableEquatableArray<WireMember> Members, int ConstructorArguments, bool IsTuple = false);

/// <summary>One member of a data type on the wire.</summary>
internal sealed record WireMember(string Name, WirePlan Plan);

internal enum WirePlanKind
{
    Scalar,
    Enum,
    Nullable,
    Array,
    List,
    Dictionary,
    Object,
    Json,
    Unsupported,
}
