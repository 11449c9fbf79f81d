namespace Parsl.Generators.Model;

/// <summary>A type the app is declared in: "class", "struct", "record" or "record struct", and its name.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
