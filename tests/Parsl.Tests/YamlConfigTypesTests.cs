using Parsl.Channels;
using Parsl.Executors;
using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>
/// A package's own provider named in a YAML config through <see cref="YamlConfigTypes"/>, with the strictness of the
/// built-in ones; and the shared scheduler settings given at once.
/// </summary>
public sealed class YamlConfigTypesTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-yaml-types-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>What a package of its own might bring: a provider with one setting.</summary>
    private sealed class PoolProvider(int slots) : IExecutionProvider
    {
        public int Slots { get; } = slots;

        public string Name => "pool";

        public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public void A_provider_type_added_by_another_package_is_read_like_the_built_in_ones()
    {
        // Names are unique per test: the registry is the process's, as a package's registration would be.
        var type = "pool" + Guid.NewGuid().ToString("N")[..8];
        YamlConfigTypes.AddProvider(type, s => new PoolProvider(s.Int("slots", min: 1) ?? 1));
        Assert.Contains(type, YamlConfigTypes.Names<IExecutionProvider>());

        var config = ParslConfig.FromYaml(Write($"""
            executors:
              - type: htex
                provider:
                  type: {type}
                  slots: 3
            """));
        var htex = Assert.IsType<HighThroughputExecutor>(Assert.Single(config.Executors));
        Assert.Equal(3, Assert.IsType<PoolProvider>(htex.Provider).Slots);

        // Strict like the rest: a key its reader did not ask for, and a value out of its range, are errors at their line.
        var typo = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write($"""
            executors:
              - type: htex
                provider:
                  type: {type}
                  slot: 3
            """)));
        Assert.Equal($"{Path.Combine(_scratch, "config.yaml")}:5:7: config.executors[0].provider has no key 'slot'; the keys allowed there are slots, type.", typo.Message);
        var range = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write($"""
            executors:
              - type: htex
                provider: {"{"} type: {type}, slots: 0 {"}"}
            """)));
        Assert.Contains("config.executors[0].provider.slots must be at least 1; it is 0", range.Message);

        // Its name is one of the choices an unknown type lists; a second registration of it is refused.
        var unknown = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("""
            executors:
              - type: htex
                provider: { type: kubernetes }
            """)));
        Assert.Contains($"config.executors[0].provider.type must be one of local, slurm, gridengine, pbspro, torque, lsf, condor, cobalt, {type}", unknown.Message);
        var twice = Assert.Throws<ArgumentException>(() => YamlConfigTypes.AddProvider(type, _ => new LocalProvider()));
        Assert.StartsWith($"A provider type named '{type}' is already known to YAML configs", twice.Message);
        Assert.Throws<ArgumentException>(() => YamlConfigTypes.AddExecutor("htex", _ => new ThreadPoolExecutor("x")));
    }

    [Fact]
    public void A_section_without_a_type_lists_the_types_of_its_kind()
    {
        var missing = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("""
            executors:
              - label: nothing
            """)));
        Assert.Equal($"{Path.Combine(_scratch, "config.yaml")}:2:5: an executor needs a 'type': threads or htex.", missing.Message);
    }

    [Fact]
    public void Shared_scheduler_settings_are_given_at_once_and_read_back()
    {
        var shared = new SchedulerSettings
        {
            Channel = new LocalChannel(), Account = "chem", CoresPerNode = 32, MemoryPerNodeGb = 128, Exclusive = true,
            SchedulerOptions = "#SBATCH --gres=gpu:1", WorkerInit = "module load dotnet", WorkingDirectory = "/scratch/run", CommandTimeout = TimeSpan.FromMinutes(2),
        };
        var slurm = new SlurmProvider { Settings = shared, Partition = "gpu" };
        var pbs = new PbsProProvider { Settings = shared, Account = "physics" };

        Assert.Equal(shared, slurm.Settings);
        Assert.Equal("gpu", slurm.Partition);
        Assert.Equal(shared with { Account = "physics" }, pbs.Settings); // written after it in the initializer, so it wins
        Assert.Equal(new SchedulerSettings().CommandTimeout, new LsfProvider().Settings.CommandTimeout);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_scratch, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
