using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>
/// The apps declared in one type, emitted as one file: generated code is parsed in every build, so the namespace and
/// type wrappers are written once per type and the memo-key writers of apps that share argument types once per type.
/// </summary>
internal sealed record AppGroupSpec(
    string? Namespace,
    ImmutableEquatableArray<ContainingTypeSpec> ContainingTypes,
    ImmutableEquatableArray<AppSpec> Apps)
{
    public string QualifiedName => ContainingTypeSpec.QualifiedNameOf(Namespace, ContainingTypes);
}
