using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>Apps whose own code makes a span, as a user's instrumented code would.</summary>
public static partial class TracedApps
{
    public const string SourceName = "Parsl.Tests.Traced";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Makes a span <c>app.work</c> and returns its parent's span id (empty when nobody listens here).</summary>
    [App]
    public static partial string Work(int x)
    {
        using var span = Source.StartActivity("app.work");
        span?.SetTag("x", x);
        return span?.ParentSpanId.ToHexString() ?? "";
    }

    [App]
    public static partial int Broken(int x) => throw new InvalidOperationException($"broken {x}");
}
