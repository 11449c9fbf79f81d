using Microsoft.Extensions.Logging;
using Parsl.Channels;
using Parsl.Executors;
using Parsl.Launchers;
using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>Configs from YAML files: everything a config holds, and strict errors that name the file, line and column.</summary>
public sealed class YamlConfigTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-yaml-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_scratch, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void A_full_config_builds_executors_providers_channels_launchers_retries_and_checkpointing()
    {
        var config = ParslConfig.FromYaml(Write("""
            run_directory: runs
            log_level: debug
            retries: 2
            checkpoint: periodic
            checkpoint_period: 10m
            checkpoint_files: [runs/000/checkpoint]
            exit_mode: cancel
            executors:
              - type: threads
                label: local
                max_threads: 4
              - type: htex
                label: cluster
                transport: netmq
                address: 10.0.0.5
                trusted_network: true
                max_workers_per_node: 8
                prefetch: 16
                heartbeat_period: 30s
                heartbeat_threshold: 2m
                block_walltime: "01:30:00"
                worker_init: module load dotnet
                scaling: { init_blocks: 1, min_blocks: 0, max_blocks: 4, nodes_per_block: 2, max_idle_time: 90s }
                launcher: { type: srun, overrides: --cpu-bind=none }
                provider:
                  type: slurm
                  partition: debug
                  account: proj42
                  exclusive: true
                  channel: { type: ssh, host: login.example.org, user: ada, port: 2222, key_file: /keys/id_ed25519, tunnel_bind_address: 10.1.0.5 }
            """));

        Assert.Equal("runs", config.RunDirectory);
        Assert.Equal(LogLevel.Debug, config.LogLevel);
        Assert.Equal(2, config.Retries);
        Assert.Equal(CheckpointMode.Periodic(TimeSpan.FromMinutes(10)), config.Checkpoint);
        Assert.Equal(["runs/000/checkpoint"], config.CheckpointFiles);
        Assert.Equal(ExitMode.Cancel, config.ExitMode);
        var threads = Assert.IsType<ThreadPoolExecutor>(config.Executors[0]);
        Assert.Equal("local", threads.Label);
        var htex = Assert.IsType<HighThroughputExecutor>(config.Executors[1]);
        Assert.Equal(("cluster", HtexTransport.NetMQ, 8, 16), (htex.Label, htex.Transport, htex.MaxWorkersPerNode, htex.Prefetch));
        Assert.Equal(("10.0.0.5", true), (htex.Address, htex.TrustedNetwork));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(90)), (htex.HeartbeatPeriod, htex.HeartbeatThreshold, htex.BlockWalltime));
        Assert.Equal("module load dotnet", htex.WorkerInit);
        Assert.Equal((1, 0, 4, 2, TimeSpan.FromSeconds(90)), (htex.Scaling.InitBlocks, htex.Scaling.MinBlocks, htex.Scaling.MaxBlocks, htex.Scaling.NodesPerBlock, htex.Scaling.MaxIdleTime));
        Assert.Equal(new SrunLauncher("--cpu-bind=none"), htex.Launcher);
        var slurm = Assert.IsType<SlurmProvider>(htex.Provider);
        Assert.Equal(("debug", "proj42", true), (slurm.Partition, slurm.Account, slurm.Exclusive));
        var ssh = Assert.IsType<SshChannel>(slurm.Channel);
        Assert.Equal(("10.1.0.5", "10.1.0.5"), (ssh.TunnelBindAddress, ssh.TunnelHost));
        Assert.Equal(("login.example.org", "ada", 2222, "/keys/id_ed25519"), (ssh.Host, ssh.User, ssh.Port, ssh.KeyFile));
    }

    [Fact]
    public void What_the_file_leaves_out_keeps_the_codes_defaults()
    {
        var config = ParslConfig.FromYaml(Write("executors:\n  - type: htex\n"));
        var defaults = new ParslConfig();
        var htex = Assert.IsType<HighThroughputExecutor>(Assert.Single(config.Executors));

        Assert.Equal(defaults.RunDirectory, config.RunDirectory);
        Assert.Equal(("htex", HtexTransport.Grpc), (htex.Label, htex.Transport));
        Assert.IsType<LocalProvider>(htex.Provider);
    }

    [Fact]
    public void Mpi_mode_takes_its_launcher_and_the_gpus_a_node_has()
    {
        var config = ParslConfig.FromYaml(Write("""
            executors:
              - type: htex
                label: mpi
                mpi_launcher: srun
                gpus_per_node: 4
              - type: htex
                label: found
                mpi_launcher: mpiexec
            """));

        var given = Assert.IsType<HighThroughputExecutor>(config.Executors[0]);
        Assert.Equal((MpiLauncher.Srun, 4), (given.MpiLauncher, given.GpusPerNode));
        Assert.Null(Assert.IsType<HighThroughputExecutor>(config.Executors[1]).GpusPerNode);
    }

    [Fact]
    public void Monitoring_is_one_switch_or_names_its_database()
    {
        var on = Assert.IsType<Parsl.Monitoring.MonitoringDatabase>(Assert.Single(ParslConfig.FromYaml(Write("monitoring: true\n")).Observers));
        Assert.Null(on.Path); // beside the run directories, once a run starts
        Assert.Empty(ParslConfig.FromYaml(Write("monitoring: false\n")).Observers);
        Assert.Single(ParslConfig.FromYaml(Write($"monitoring: {{ database: {Path.Combine(_scratch, "m.db")} }}\n")).Observers);
        var typo = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("monitoring: { databse: m.db }\n")));
        Assert.Contains("config.monitoring has no key 'databse'", typo.Message);
    }

    [Fact]
    public void A_worker_process_executor_names_its_image_and_runs_its_workers_inside_it()
    {
        var config = ParslConfig.FromYaml(Write("""
            executors:
              - type: htex
                label: boxed
                workers_in_container: true
                container: { image: localhost/tools:1, runtime: docker, mounts: [/shared/reference], variables: [TOOL_HOME] }
              - type: htex
                label: plain
                container: { image: localhost/tools:1 }
            """));

        var boxed = Assert.IsType<HighThroughputExecutor>(config.Executors[0]);
        Assert.True(boxed.WorkersRunInContainer);
        Assert.Equal(new ContainerImage("localhost/tools:1") { Runtime = ContainerRuntime.Docker, Mounts = ["/shared/reference"], Variables = ["TOOL_HOME"] }, boxed.Container);
        var plain = Assert.IsType<HighThroughputExecutor>(config.Executors[1]);
        Assert.False(plain.WorkersRunInContainer);
        Assert.Equal("localhost/tools:1", plain.Container?.Name);
    }

    [Fact]
    public void What_each_apps_calls_need_is_given_by_app_id_and_checked_against_the_loaded_apps()
    {
        var config = ParslConfig.FromYaml(Write("""
            resources:
              Parsl.Tests.MpiApps.Bound: { nodes: 2, cores_per_rank: 4 }
              Parsl.Tests.MpiApps.Shape:
                ranks: 8
                gpus_per_rank: 1
            """));

        Assert.Equal(new ResourceSpecification { Nodes = 2, CoresPerRank = 4 }, config.Resources["Parsl.Tests.MpiApps.Bound"]);
        Assert.Equal(new ResourceSpecification { Ranks = 8, GpusPerRank = 1 }, config.Resources["Parsl.Tests.MpiApps.Shape"]);
        var unknown = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("resources:\n  Demo.Nowhere.Simulate: { nodes: 2 }\n")));
        Assert.Contains("config.yaml:2:26: config.resources.Demo.Nowhere.Simulate: no loaded assembly declares an app 'Demo.Nowhere.Simulate'", unknown.Message);
        var typo = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("resources:\n  Parsl.Tests.MpiApps.Bound: { node: 2 }\n")));
        Assert.Contains("has no key 'node'", typo.Message);
        var shape = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("resources:\n  Parsl.Tests.MpiApps.Bound: { nodes: 2, ranks_per_node: 1, ranks: 3 }\n")));
        Assert.Contains("3 ranks on 2 node(s) of 1 ranks each", shape.Message);
    }

    [Fact]
    public async Task A_config_built_in_CSharp_that_sizes_an_app_no_assembly_declares_is_refused_at_load_with_the_closest_id()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() => DataFlowKernel.LoadAsync(new ParslConfig
        {
            RunDirectory = Path.Combine(_scratch, "runs"),
            Resources = new Dictionary<string, ResourceSpecification> { ["Demo.MpiApps.Bound"] = new() { Nodes = 2 } },
        }).AsTask());

        Assert.Contains("ParslConfig.Resources names app 'Demo.MpiApps.Bound', which no loaded assembly declares", failure.Message);
        Assert.Contains("did you mean 'Parsl.Tests.MpiApps.Bound'?", failure.Message);
    }

    [Fact]
    public void The_console_progress_view_is_one_switch()
    {
        Assert.IsType<Parsl.Monitoring.ConsoleProgress>(Assert.Single(ParslConfig.FromYaml(Write("progress: true\n")).Observers));
        Assert.Empty(ParslConfig.FromYaml(Write("progress: false\n")).Observers);
        var both = ParslConfig.FromYaml(Write("monitoring: true\nprogress: true\n")).Observers;
        Assert.Equal([typeof(Parsl.Monitoring.MonitoringDatabase), typeof(Parsl.Monitoring.ConsoleProgress)], both.Select(o => o.GetType()));
        var wrong = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("progress: sometimes\n")));
        Assert.Contains("config.progress must be", wrong.Message);
    }

    [Theory]
    [InlineData("run_directroy: runs\n", "config.yaml:1:1: config has no key 'run_directroy'; the keys allowed there are", "run_directory")]
    [InlineData("executors:\n  - type: htex\n    prefetch: lots\n", "config.yaml:3:15: config.executors[0].prefetch must be a whole number (at most 2147483647).", null)]
    [InlineData("executors:\n  - type: htex\n    prefetch: 99999999999\n", "config.yaml:3:15: config.executors[0].prefetch must be a whole number (at most 2147483647).", null)]
    [InlineData("executors:\n  - type: dask\n", "config.yaml:2:11: config.executors[0].type must be one of threads, htex", null)]
    [InlineData("executors:\n  - type: htex\n    provider: { type: slurm, partion: debug }\n", "config.yaml:3:30: config.executors[0].provider has no key 'partion'", "partition")]
    [InlineData("executors:\n  - type: htex\n    heartbeat_period: soon\n", "config.yaml:3:23: config.executors[0].heartbeat_period must be a duration", null)]
    [InlineData("executors:\n  - type: threads\n    label: a\n  - type: htex\n    label: a\n", "two executors are labelled 'a'", null)]
    [InlineData("checkpoint: periodic\n", "checkpoint: periodic needs a positive checkpoint_period", null)]
    [InlineData("executors: [\n", "config.yaml:", "not valid YAML")]
    [InlineData("retries: -3\n", "config.yaml:1:10: config.retries must be at least 0; it is -3.", null)]
    [InlineData("executors:\n  - type: threads\n    max_threads: 0\n", "config.yaml:3:18: config.executors[0].max_threads must be at least 1; it is 0", null)]
    [InlineData("executors:\n  - type: htex\n    max_workers_per_node: -2\n", "config.yaml:3:27: config.executors[0].max_workers_per_node must be at least 1", null)]
    [InlineData("executors:\n  - type: htex\n    gpus_per_node: -1\n", "config.yaml:3:20: config.executors[0].gpus_per_node must be at least 0", null)]
    [InlineData("executors:\n  - type: htex\n    scaling: { parallelism: 1.5 }\n", "config.yaml:3:29: config.executors[0].scaling.parallelism must be from 0 to 1", null)]
    [InlineData("executors:\n  - type: htex\n    scaling: { parallelism: 0 }\n", "config.yaml:2:5: config.executors[0]: Executor 'htex': Parallelism 0 keeps only MinBlocks blocks", null)]
    [InlineData("executors:\n  - type: htex\n    heartbeat_period: 1m\n", "config.yaml:2:5: config.executors[0]: HighThroughputExecutor 'htex': HeartbeatThreshold", null)]
    [InlineData("executors:\n  - type: htex\n    transport: netmq\n    address: 0.0.0.0\n", "config.yaml:2:5:", "Transport NetMQ listens on 0.0.0.0")]
    [InlineData("executors:\n  - type: htex\n    workers_in_container: true\n", "config.yaml:2:5: config.executors[0]: HighThroughputExecutor 'htex': WorkersRunInContainer is on but no Container names the image", null)]
    [InlineData("executors:\n\t- type: htex\n", "config.yaml:2:1: a tab indents this line; YAML indents with spaces only.", null)]
    public void A_bad_file_is_refused_with_file_line_column_and_what_is_allowed(string yaml, string expected, string? alsoExpected)
    {
        var failure = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write(yaml)));

        Assert.Contains(expected, failure.Message);
        if (alsoExpected is not null)
            Assert.Contains(alsoExpected, failure.Message);
        Assert.DoesNotContain("..", failure.Message);
    }

    [Fact]
    public async Task The_same_ranges_hold_for_a_config_built_in_CSharp_when_it_is_loaded()
    {
        var runs = Path.Combine(_scratch, "runs");
        var retries = await Assert.ThrowsAsync<ArgumentException>(() => DataFlowKernel.LoadAsync(new ParslConfig { Retries = -3, RunDirectory = runs }).AsTask());
        Assert.Contains("ParslConfig.Retries must not be negative; it is -3", retries.Message);

        var workers = await Assert.ThrowsAsync<ArgumentException>(() => DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new HighThroughputExecutor("htex") { MaxWorkersPerNode = -2 }],
            RunDirectory = runs,
        }).AsTask());
        Assert.Contains("HighThroughputExecutor 'htex': MaxWorkersPerNode must be at least 1; got -2", workers.Message);

        var gpus = await Assert.ThrowsAsync<ArgumentException>(() => DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new HighThroughputExecutor("htex") { MpiLauncher = MpiLauncher.Srun, GpusPerNode = -1 }],
            RunDirectory = runs,
        }).AsTask());
        Assert.Contains("HighThroughputExecutor 'htex': GpusPerNode must not be negative; got -1", gpus.Message);

        var gpusWithoutMpi = await Assert.ThrowsAsync<ArgumentException>(() => DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new HighThroughputExecutor("htex") { GpusPerNode = 2 }],
            RunDirectory = runs,
        }).AsTask());
        Assert.Contains("HighThroughputExecutor 'htex': GpusPerNode (2) is read in MPI mode only, and MpiLauncher is not set", gpusWithoutMpi.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_not_echoed_since_a_config_may_hold_a_secret()
    {
        var failure = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("executors:\n  - type: htex\n    port: s3cr3t-token\n")));

        Assert.DoesNotContain("s3cr3t", failure.Message);
    }

    [Fact]
    public void A_missing_file_says_which()
    {
        var failure = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Path.Combine(_scratch, "nope.yaml")));

        Assert.Contains("nope.yaml", failure.Message);
    }
}
