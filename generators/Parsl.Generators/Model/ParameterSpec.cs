namespace Parsl.Generators.Model;

/// <summary>One app parameter as the stub and task need it.</summary>
/// <param name="Type">Fully qualified type, with nullable annotations.</param>
/// <param name="ElementType">For collections: the element type the stub's FutureList carries.</param>
/// <param name="Key">For cached apps: how the argument goes into the memo key (null when it does not).</param>
/// <param name="DefaultValue">The C# expression of the parameter's default value (<c>default</c> for null), or null when it has none.</param>
internal sealed record ParameterSpec(
    string Name,
    string Type,
    ParameterKind Kind,
    string? ElementType,
    CollectionShape Shape,
    bool IsParams,
    KeyPlan? Key = null,
    string? DefaultValue = null,
    WirePlan? Wire = null,
    bool IsOutputFile = false)
{
    /// <summary>True when the stub takes a future (or futures) for this parameter.</summary>
    public bool AcceptsFutures => Kind != ParameterKind.CancellationToken;
}

internal enum ParameterKind
{
    Value,
    Collection,
    CancellationToken,
}

/// <summary>How a resolved collection argument (always an array first) becomes the parameter's type.</summary>
internal enum CollectionShape
{
    None,
    Array,
    List,
    ArrayInterface,
}
