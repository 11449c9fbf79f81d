namespace Parsl;

/// <summary>
/// Every app of every loaded assembly, registered by generated module initializers and found by id: the id is the key
/// under which a worker process finds the app a try names, so two apps may not share one.
/// </summary>
public static class AppRegistry
{
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<string, AppDefinition> s_apps = new(StringComparer.Ordinal);
    private static readonly List<System.Reflection.Assembly> s_assemblies = new();

    /// <summary>
    /// Records an assembly that declares apps; called by its generated module initializer. Worker processes load these
    /// assemblies (by path) to find the apps their tries name.
    /// </summary>
    public static void RegisterAssembly(System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        lock (s_gate)
        {
            if (!s_assemblies.Contains(assembly))
                s_assemblies.Add(assembly);
        }
    }

    /// <summary>The assemblies that registered apps, in the order they loaded.</summary>
    public static IReadOnlyList<System.Reflection.Assembly> Assemblies
    {
        get
        {
            lock (s_gate)
                return [.. s_assemblies];
        }
    }

    /// <summary>Registers an app; called by generated code when its assembly loads. Registering the same definition again does nothing.</summary>
    /// <exception cref="InvalidOperationException">Another app already has this id.</exception>
    public static void Register(AppDefinition app) => Register(app, null);

    /// <summary>
    /// Registers an app declared in <paramref name="declaringAssembly"/>; called by generated code when that assembly
    /// loads. The assembly's build is the app's (<see cref="AppDescriptor"/>): a worker process refuses a try of another.
    /// Registering the same definition again does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another app already has this id.</exception>
    public static void Register(AppDefinition app, System.Reflection.Assembly? declaringAssembly)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (declaringAssembly is not null)
            app.Descriptor.DeclaredIn(declaringAssembly.ManifestModule.ModuleVersionId, declaringAssembly.GetName().Name ?? "(unnamed assembly)");
        lock (s_gate)
        {
            if (s_apps.TryGetValue(app.Descriptor.Id, out var registered))
            {
                if (ReferenceEquals(registered, app))
                    return;
                throw new InvalidOperationException(
                    $"Two apps have the id {app.Descriptor.Id}: one declared at {Where(registered)}, the other at {Where(app)}. " +
                    "An app's id (Namespace.Type.Method) names it across processes, so it must be unique: rename one of the methods or " +
                    "move it to another type or namespace, or load only one of the two assemblies.");
            }
            s_apps.Add(app.Descriptor.Id, app);
        }
    }

    /// <summary>All registered apps, ordered by id.</summary>
    public static IReadOnlyList<AppDescriptor> Apps
    {
        get
        {
            lock (s_gate)
                return [.. s_apps.Values.Select(a => a.Descriptor).OrderBy(a => a.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Finds an app by its id (<c>Namespace.Type.Method</c>).</summary>
    public static AppDescriptor? Find(string id) => FindDefinition(id)?.Descriptor;

    /// <summary>Finds an app's definition by its id (<c>Namespace.Type.Method</c>).</summary>
    public static AppDefinition? FindDefinition(string id)
    {
        lock (s_gate)
            return s_apps.GetValueOrDefault(id);
    }

    private static string Where(AppDefinition app) =>
        (app.Descriptor.Declaration ?? "an unknown place") + " in assembly " + (app.GetType().Assembly == typeof(AppRegistry).Assembly
            ? "(generated)" : app.GetType().Assembly.GetName().Name);
}
