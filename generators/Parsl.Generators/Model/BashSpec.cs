using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>A bash app's command template (null for the body form) and its output files.</summary>
internal sealed record BashSpec(
    string? CommandTemplate,
    ImmutableEquatableArray<TemplateSegment>? Command,
    string? Stdout,
    ImmutableEquatableArray<TemplateSegment>? StdoutSegments,
    string? Stderr,
    ImmutableEquatableArray<TemplateSegment>? StderrSegments,
    bool Append);
