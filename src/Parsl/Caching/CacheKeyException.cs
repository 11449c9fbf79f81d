namespace Parsl;

/// <summary>The memo key of a cached app's call could not be built from an argument.</summary>
public sealed class CacheKeyException(AppDescriptor app, string? parameter, string problem, Exception? inner = null)
    : Exception($"Cached app {app.Id} cannot build its memo key: parameter '{parameter ?? "?"}': {problem}. " +
        "Pass a value with a stable form (numbers, strings, DataFile, records and collections of them), " +
        "or mark the parameter [IgnoreForCache].", inner)
{
    /// <summary>The app.</summary>
    public AppDescriptor App { get; } = app;

    /// <summary>The parameter whose value could not be keyed.</summary>
    public string? Parameter { get; } = parameter;
}
