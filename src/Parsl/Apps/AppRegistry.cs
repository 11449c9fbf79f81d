using System.Collections.Concurrent;

namespace Parsl;

/// <summary>
/// Every app of every loaded assembly, registered by generated module initializers. The kernel checks
/// executor labels against it when a config loads.
/// </summary>
public static class AppRegistry
{
    private static readonly ConcurrentDictionary<string, AppDescriptor> s_apps = new(StringComparer.Ordinal);

    /// <summary>Registers an app; called by generated code when its assembly loads.</summary>
    public static void Register(AppDescriptor app)
    {
        ArgumentNullException.ThrowIfNull(app);
        s_apps[app.Id] = app;
    }

    /// <summary>All registered apps, ordered by id.</summary>
    public static IReadOnlyList<AppDescriptor> Apps => [.. s_apps.Values.OrderBy(a => a.Id, StringComparer.Ordinal)];

    /// <summary>Finds an app by its id (<c>Namespace.Type.Method</c>).</summary>
    public static AppDescriptor? Find(string id) => s_apps.TryGetValue(id, out var app) ? app : null;
}
