using System.Collections.Generic;
using System.Linq;

namespace Parsl.Generators.Model;

/// <summary>A type the app is declared in: "class", "struct", "record" or "record struct", and its name.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name)
{
    /// <summary>The containing types, outermost first, joined by dots: <c>Outer.Inner</c>.</summary>
    public static string PathOf(IEnumerable<ContainingTypeSpec> types) => string.Join(".", types.Select(t => t.Name));

    /// <summary>The innermost type's name as C# spells it without <c>global::</c>: <c>Namespace.Outer.Inner</c>.</summary>
    public static string QualifiedNameOf(string? @namespace, IEnumerable<ContainingTypeSpec> types) =>
        (@namespace is null ? "" : @namespace + ".") + PathOf(types);
}
