using Parsl.Channels;
using Parsl.Executors;
using Parsl.Launchers;
using Parsl.Providers;

namespace Parsl;

/// <summary>
/// The types a YAML config names under <c>type:</c>, per kind (executors, providers, launchers, channels), each with
/// the reader that builds it from its section. The built-in ones are here from the start; a package that brings an
/// executor or provider of its own adds it once (e.g. in a module initializer), and configs can name it like the rest:
/// <c>YamlConfigTypes.AddProvider("kubernetes", s => new KubernetesProvider { Namespace = s.RequiredString("namespace") })</c>.
/// The reader reads the keys it knows; any other key in the section is an error naming the keys allowed there.
/// </summary>
public static class YamlConfigTypes
{
    private static readonly Lock s_gate = new();
    private static readonly Kind<IExecutor> s_executors = new("an executor", new()
    {
        ["threads"] = YamlConfigReader.Threads,
        ["htex"] = YamlConfigReader.Htex,
    });
    private static readonly Kind<IExecutionProvider> s_providers = new("a provider", new()
    {
        ["local"] = _ => new LocalProvider(),
        ["slurm"] = YamlConfigReader.Slurm,
        ["gridengine"] = YamlConfigReader.GridEngine,
        ["pbspro"] = YamlConfigReader.PbsPro,
        ["torque"] = YamlConfigReader.Torque,
        ["lsf"] = YamlConfigReader.Lsf,
        ["condor"] = YamlConfigReader.Condor,
        ["cobalt"] = YamlConfigReader.Cobalt,
    });
    private static readonly Kind<Launcher> s_launchers = new("a launcher", new()
    {
        ["simple"] = _ => new SimpleLauncher(),
        ["single_node"] = s => new SingleNodeLauncher { FailOnAny = s.Bool("fail_on_any") ?? false },
        ["wrapped"] = s => new WrappedLauncher(s.RequiredString("prepend")),
        ["srun"] = s => new SrunLauncher(s.String("overrides")),
        ["mpiexec"] = s => new MpiexecLauncher(s.String("overrides")),
        ["aprun"] = s => new AprunLauncher(s.String("overrides")),
        ["jsrun"] = s => new JsrunLauncher(s.String("overrides")),
        ["gnu_parallel"] = _ => new GnuParallelLauncher(),
    });
    private static readonly Kind<IChannel> s_channels = new("a channel", new()
    {
        ["local"] = _ => new LocalChannel(),
        ["ssh"] = YamlConfigReader.Ssh,
    });

    /// <summary>Lets configs name an executor type; <paramref name="read"/> builds it from its section.</summary>
    /// <exception cref="ArgumentException">The type name is taken.</exception>
    public static void AddExecutor(string type, Func<YamlSection, IExecutor> read) => s_executors.Add(type, read);

    /// <summary>Lets configs name a provider type; <paramref name="read"/> builds it from its section.</summary>
    /// <exception cref="ArgumentException">The type name is taken.</exception>
    public static void AddProvider(string type, Func<YamlSection, IExecutionProvider> read) => s_providers.Add(type, read);

    /// <summary>Lets configs name a launcher type; <paramref name="read"/> builds it from its section.</summary>
    /// <exception cref="ArgumentException">The type name is taken.</exception>
    public static void AddLauncher(string type, Func<YamlSection, Launcher> read) => s_launchers.Add(type, read);

    /// <summary>Lets configs name a channel type; <paramref name="read"/> builds it from its section.</summary>
    /// <exception cref="ArgumentException">The type name is taken.</exception>
    public static void AddChannel(string type, Func<YamlSection, IChannel> read) => s_channels.Add(type, read);

    /// <summary>The type names configs may use for <typeparamref name="T"/>, in the order they were added.</summary>
    public static IReadOnlyList<string> Names<T>() where T : class => KindOf<T>().Names;

    /// <summary>Builds what <paramref name="section"/>'s <c>type:</c> names, and checks that nothing else is left in it.</summary>
    internal static T Read<T>(YamlSection section) where T : class
    {
        var built = KindOf<T>().Read(section);
        section.EnsureAllRead();
        return built;
    }

    private static Kind<T> KindOf<T>() where T : class => (object)(typeof(T) switch
    {
        var t when t == typeof(IExecutor) => s_executors,
        var t when t == typeof(IExecutionProvider) => s_providers,
        var t when t == typeof(Launcher) => s_launchers,
        var t when t == typeof(IChannel) => s_channels,
        _ => throw new ArgumentException($"a config names executors, providers, launchers and channels by type, not {typeof(T).Name}s"),
    }) as Kind<T> ?? throw new InvalidOperationException(typeof(T).Name);

    /// <summary>The readers of one kind, by type name (<paramref name="noun"/> with its article, for messages); copied on
    /// write, so reading a config never waits.</summary>
    private sealed class Kind<T>(string noun, Dictionary<string, Func<YamlSection, T>> builtIn) where T : class
    {
        private Table _table = new([.. builtIn.Keys], builtIn);

        public IReadOnlyList<string> Names => Volatile.Read(ref _table).Names;

        public void Add(string type, Func<YamlSection, T> read)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(type);
            ArgumentNullException.ThrowIfNull(read);
            lock (s_gate)
            {
                var (names, readers) = _table;
                if (readers.ContainsKey(type))
                    throw new ArgumentException($"{Capitalized(noun)} type named '{type}' is already known to YAML configs; pick another name.", nameof(type));
                Volatile.Write(ref _table, new Table([.. names, type], new Dictionary<string, Func<YamlSection, T>>(readers) { [type] = read }));
            }
        }

        public T Read(YamlSection section)
        {
            var (names, readers) = Volatile.Read(ref _table);
            var type = section.Choice("type", names) ?? throw section.Error(section.Node, $"{noun} needs a 'type': {List(names)}");
            return readers[type](section);
        }

        private sealed record Table(string[] Names, Dictionary<string, Func<YamlSection, T>> Readers);

        private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

        private static string List(string[] names) => names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }
}
