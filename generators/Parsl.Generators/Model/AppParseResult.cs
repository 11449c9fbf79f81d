using Parsl.Generators.Helpers;

namespace Parsl.Generators.Model;

/// <summary>The parser's output for one method: a spec to emit, or the reasons it cannot be emitted (and, when the
/// method still needs its other half to compile, what to write in its place).</summary>
internal sealed record AppParseResult(AppSpec? Spec, ImmutableEquatableArray<DiagnosticInfo> Diagnostics, UnimplementedAppSpec? Unimplemented = null);
