using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>The parser's output for one method: a spec to emit, or the reasons it cannot be emitted.</summary>
internal sealed record AppParseResult(AppSpec? Spec, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);
