namespace Parsl.Generators.Model;

/// <summary>A piece of a bash template: literal text, or a placeholder naming a parameter (with an optional format).</summary>
internal sealed record TemplateSegment(bool IsPlaceholder, string Text, string? Format, int Offset, int Length);
