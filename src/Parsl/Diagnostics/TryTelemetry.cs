using System.Diagnostics;

namespace Parsl.Diagnostics;

/// <summary>One try's span, if traced, and when it was launched (a <see cref="Stopwatch"/> timestamp), for its duration.</summary>
internal sealed record TryTelemetry(Activity? Span, string App, string Executor, long LaunchedAt);
