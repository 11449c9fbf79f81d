namespace Parsl;

/// <summary>
/// Every app of every loaded assembly, registered by generated module initializers and found by id: the id is the key
/// under which a worker process finds the app a try names, so two apps may not share one.
/// </summary>
/// <remarks>
/// Generated code registers each app by its id and a way to get its definition, not the definition itself: a
/// definition is made when its type's static fields are, and making every one when an assembly loads (each a generic
/// instantiation of its own, with its codec) cost a worker process about half a millisecond per app in the workflow's
/// assemblies before its first try. A worker makes only the definitions of the apps its tries name.
/// </remarks>
public static class AppRegistry
{
    private static readonly Lock s_gate = new();
    private static readonly Dictionary<string, Entry> s_apps = new(StringComparer.Ordinal);
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
    /// Registers an app declared in <paramref name="declaringAssembly"/>. The assembly's build is the app's
    /// (<see cref="AppDescriptor"/>): a worker process refuses a try of another. Registering the same definition again
    /// does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another app already has this id.</exception>
    public static void Register(AppDefinition app, System.Reflection.Assembly? declaringAssembly)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (declaringAssembly is not null)
            app.Descriptor.DeclaredIn(declaringAssembly);
        Add(app.Descriptor.Id, new Entry(app));
    }

    /// <summary>
    /// Registers the app <paramref name="id"/>, whose definition <paramref name="definition"/> gives (always the same
    /// one, which names its assembly) when the app is first looked up; called by generated code when its assembly
    /// loads. Registering the same app again does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another app already has this id.</exception>
    public static void Register(string id, Func<AppDefinition> definition)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(definition);
        Add(id, new Entry(id, definition));
    }

    /// <summary>All registered apps, ordered by id.</summary>
    public static IReadOnlyList<AppDescriptor> Apps
    {
        get
        {
            List<Entry> entries;
            lock (s_gate)
                entries = [.. s_apps.Values];
            return [.. entries.Select(e => e.Definition.Descriptor).OrderBy(a => a.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Finds an app by its id (<c>Namespace.Type.Method</c>).</summary>
    public static AppDescriptor? Find(string id) => FindDefinition(id)?.Descriptor;

    /// <summary>Finds an app's definition by its id (<c>Namespace.Type.Method</c>).</summary>
    public static AppDefinition? FindDefinition(string id)
    {
        Entry? entry;
        lock (s_gate)
            entry = s_apps.GetValueOrDefault(id);
        return entry?.Definition;
    }

    private static void Add(string id, Entry entry)
    {
        Entry? registered;
        lock (s_gate)
        {
            if (s_apps.TryAdd(id, entry))
                return;
            registered = s_apps[id];
        }
        // Rare (the same assembly's initializer run twice, or a clash): both definitions are made to tell which.
        if (ReferenceEquals(registered.Definition, entry.Definition))
            return;
        throw new InvalidOperationException(
            $"Two apps have the id {id}: one declared at {Where(registered.Definition)}, the other at {Where(entry.Definition)}. " +
            "An app's id (Namespace.Type.Method) names it across processes, so it must be unique: rename one of the methods or " +
            "move it to another type or namespace, or load only one of the two assemblies.");
    }

    private static string Where(AppDefinition app) =>
        (app.Descriptor.Declaration ?? "an unknown place") + " in assembly " + (app.GetType().Assembly == typeof(AppRegistry).Assembly
            ? "(generated)" : app.GetType().Assembly.GetName().Name);

    /// <summary>A registered app: its definition, or how to make it the first time it is asked for.</summary>
    private sealed class Entry
    {
        private readonly string? _id;
        private readonly Func<AppDefinition>? _make;
        private AppDefinition? _definition;

        public Entry(AppDefinition definition) => _definition = definition;

        public Entry(string id, Func<AppDefinition> make) => (_id, _make) = (id, make);

        /// <summary>The definition, made on first use (its type's static fields are initialised then); races make the same one.</summary>
        public AppDefinition Definition
        {
            get
            {
                if (Volatile.Read(ref _definition) is { } made)
                    return made;
                var definition = _make!();
                if (definition.Descriptor.Id != _id)
                    throw new InvalidOperationException($"The app registered as {_id} gave the definition of {definition.Descriptor.Id} ({definition.Descriptor.AssemblyName}); ids are generated, so rebuild that assembly.");
                Volatile.Write(ref _definition, definition);
                return definition;
            }
        }
    }
}
