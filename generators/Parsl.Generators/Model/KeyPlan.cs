using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>How to write a value of one type into a memo key; built at compile time so no reflection runs later.</summary>
/// <param name="Kind">The shape of the type.</param>
/// <param name="TypeName">The type, for messages.</param>
/// <param name="Element">For sequences, sets and nullables: the element's plan; for maps, the value's.</param>
/// <param name="ObjectIndex">For objects: the index of its <see cref="ObjectKeyPlan"/> in <see cref="AppSpec.KeyObjects"/>.</param>
/// <param name="Reason">For unsupported types: why.</param>
internal sealed record KeyPlan(KeyPlanKind Kind, string TypeName, KeyPlan? Element, int ObjectIndex, string? Reason)
{
    /// <summary>For maps: the key's plan.</summary>
    public KeyPlan? Key { get; init; }

    /// <summary>For sequences: an ImmutableArray, whose default value stands for null (enumerating it would throw).</summary>
    public bool IsImmutableArray { get; init; }

    public static KeyPlan Scalar(string type) => new(KeyPlanKind.Scalar, type, null, -1, null);

    public static KeyPlan Unsupported(string type, string reason) => new(KeyPlanKind.Unsupported, type, null, -1, reason);
}

/// <summary>
/// A data type written member by member (public instance properties and fields, in declaration order). Each becomes
/// one generated method, so recursive types such as trees work.
/// </summary>
/// <param name="FullyQualifiedName">The type as generated code names it.</param>
/// <param name="IsReference">Whether null is possible.</param>
internal sealed record ObjectKeyPlan(string FullyQualifiedName, bool IsReference, ImmutableEquatableArray<KeyMember> Members);

/// <summary>A member of an object written into a memo key.</summary>
internal sealed record KeyMember(string Name, KeyPlan Plan);

internal enum KeyPlanKind
{
    Scalar,
    Enum,
    Nullable,
    Sequence,
    /// <summary>Elements keyed in the order of their own keys, so equal sets give equal keys.</summary>
    Set,
    /// <summary>Entries keyed in the order of their keys' keys.</summary>
    Map,
    Object,
    Unsupported,
    /// <summary>A file the app writes: keyed by where it goes, not by its content (which the app is about to make).</summary>
    OutputFile,
}
