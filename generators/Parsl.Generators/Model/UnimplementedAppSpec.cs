using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>
/// An app the generator rejected whose partial method has no implementation part. Written as a method that throws, so
/// the build reports the app's own error (e.g. PARSL006) and not also the compiler's CS8795 for the missing half.
/// </summary>
internal sealed record UnimplementedAppSpec(
    string? Namespace,
    ImmutableEquatableArray<ContainingTypeSpec> ContainingTypes,
    string Signature,
    string AppName,
    string DiagnosticIds,
    int Line)
{
    public string HintName => $"{ContainingTypeSpec.QualifiedNameOf(Namespace, ContainingTypes)}.{AppName.Substring(AppName.LastIndexOf('.') + 1)}.L{Line}.unimplemented.g.cs";
}
