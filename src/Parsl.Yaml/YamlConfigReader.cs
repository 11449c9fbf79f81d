using Microsoft.Extensions.Logging;
using Parsl.Channels;
using Parsl.Executors;
using Parsl.Launchers;
using Parsl.Providers;
using Parsl.Scaling;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Parsl;

/// <summary>
/// Builds a <see cref="ParslConfig"/> from a YAML file (reference: docs/config.md). Keys are Parsl's snake_case names;
/// anything missing keeps the default the code has. Built by hand from the YAML node tree, with no reflection, so that
/// every error can name the file, line and column and list what is allowed there. Executors, providers, launchers and
/// channels are built by the readers <see cref="YamlConfigTypes"/> holds for their <c>type:</c>; the built-in ones are here.
/// </summary>
internal static class YamlConfigReader
{
    public static ParslConfig Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException($"Cannot read the config file {path}: {exception.Message}", exception);
        }
        // YAML forbids tabs in indentation, and the parser reports them far from where they are: say where.
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            if (lines[i].AsSpan(0, indent).Contains('\t'))
                throw new ConfigFileException($"{path}:{i + 1}:{lines[i].IndexOf('\t', StringComparison.Ordinal) + 1}: a tab indents this line; YAML indents with spaces only.");
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw new ConfigFileException($"{path}:{exception.Start.Line}:{exception.Start.Column}: not valid YAML: {Logging.Sentence.Clause(exception.Message)}.", exception);
        }
        if (stream.Documents.Count != 1)
            throw new ConfigFileException($"{path}: a config file holds one YAML document; this one holds {stream.Documents.Count}.");
        var root = new YamlSection(path, stream.Documents[0].RootNode, "config");
        var config = Config(root);
        root.EnsureAllRead();
        return config;
    }

    private static ParslConfig Config(YamlSection s)
    {
        var defaults = new ParslConfig();
        var executors = s.Sections("executors").Select(YamlConfigTypes.Read<IExecutor>).ToList();
        if (s.Has("executors") && executors.Count == 0)
            throw s.Error(s.Node, "config.executors lists no executor");
        var labels = executors.GroupBy(e => e.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (labels is not null)
            throw s.Error(s.Node, $"two executors are labelled '{labels.Key}'; labels must differ, since apps name executors by label");
        var checkpoint = s.Choice("checkpoint", "none", "task_exit", "dfk_exit", "manual", "periodic");
        var period = s.Duration("checkpoint_period");
        var runDirectory = s.String("run_directory") ?? defaults.RunDirectory;
        return new ParslConfig
        {
            Executors = executors.Count > 0 ? executors : defaults.Executors,
            RunDirectory = runDirectory,
            LogLevel = s.Choice("log_level", "trace", "debug", "information", "warning", "error", "critical") is { } level
                ? Enum.Parse<LogLevel>(level, ignoreCase: true) : defaults.LogLevel,
            ExitOnCtrlC = s.Bool("exit_on_ctrl_c") ?? defaults.ExitOnCtrlC,
            ExitMode = s.Choice("exit_mode", "wait", "cancel", "skip") is { } mode ? Enum.Parse<ExitMode>(mode, ignoreCase: true) : defaults.ExitMode,
            CancellationGracePeriod = s.Duration("cancellation_grace_period") ?? defaults.CancellationGracePeriod,
            Memoize = s.Bool("memoize") ?? defaults.Memoize,
            Checkpoint = checkpoint switch
            {
                null => defaults.Checkpoint,
                "none" => CheckpointMode.None,
                "task_exit" => CheckpointMode.TaskExit,
                "dfk_exit" => CheckpointMode.WorkflowExit,
                "manual" => CheckpointMode.Manual,
                _ => CheckpointMode.Periodic(period is { } p && p > TimeSpan.Zero ? p : throw s.Error(s.Node, "checkpoint: periodic needs a positive checkpoint_period, e.g. 10m")),
            },
            // "latest" and "all" are Checkpoints.Latest() and All(), found when the file is read (before this run starts).
            CheckpointFiles = s.ChoiceInsteadOfList("checkpoint_files", "latest", "all") switch
            {
                "latest" => Checkpoints.Latest(runDirectory),
                "all" => Checkpoints.All(runDirectory),
                _ => s.Strings("checkpoint_files") ?? defaults.CheckpointFiles,
            },
            Retries = s.Int("retries", min: 0) ?? defaults.Retries,
            Resources = s.Section("resources") is { } resources ? Resources(resources) : defaults.Resources,
            PrintFailureReport = s.Bool("print_failure_report") ?? defaults.PrintFailureReport,
            Observers = [.. defaults.Observers, .. Monitoring(s),
                .. s.Bool("progress") == true ? [new Monitoring.ConsoleProgress()] : Array.Empty<Events.IRunObserver>()],
        };
    }

    /// <summary><c>resources: { APP_ID: { nodes: 2, ranks_per_node: 4, cores_per_rank: 2, … }, … }</c>: what each app's
    /// calls need (<see cref="ParslConfig.Resources"/>), each app named by its id and checked against the apps loaded.</summary>
    private static Dictionary<string, ResourceSpecification> Resources(YamlSection s)
    {
        var byApp = new Dictionary<string, ResourceSpecification>(StringComparer.Ordinal);
        foreach (var appId in s.Keys)
        {
            var app = s.Section(appId)!;
            if (AppRegistry.Find(appId) is null)
                throw app.Error($"no loaded assembly declares an app '{appId}'; name an app by its id, Namespace.Class.Method");
            byApp[appId] = new ResourceSpecification
            {
                Cores = app.Int("cores", min: 1),
                MemoryMegabytes = app.Int("memory_megabytes", min: 1),
                DiskMegabytes = app.Int("disk_megabytes", min: 1),
                Gpus = app.Int("gpus", min: 1),
                Nodes = app.Int("nodes", min: 1),
                RanksPerNode = app.Int("ranks_per_node", min: 1),
                Ranks = app.Int("ranks", min: 1),
                CoresPerRank = app.Int("cores_per_rank", min: 1),
                GpusPerRank = app.Int("gpus_per_rank", min: 1),
            };
            app.EnsureAllRead();
            if (byApp[appId].IsMpi())
                app.Checked(() => byApp[appId].Mpi(appId));
        }
        return byApp;
    }

    /// <summary>
    /// <c>monitoring: true</c> (the database beside the run directories) or <c>monitoring: { database: path, dashboard: … }</c>,
    /// where <c>dashboard: true</c> (or <c>{ port: N, listen: ADDRESS, token: T }</c>) serves the run's pages while it goes.
    /// The database comes first: the dashboard serves the file it opens when the run starts.
    /// </summary>
    private static IReadOnlyList<Events.IRunObserver> Monitoring(YamlSection s)
    {
        if (!s.Has("monitoring"))
            return [];
        if (s.IsScalar("monitoring"))
            return s.Bool("monitoring") == true ? [new Monitoring.MonitoringDatabase()] : [];
        var section = s.Section("monitoring")!;
        var database = new Monitoring.MonitoringDatabase(ExpandHome(section.String("database")));
        var dashboard = Dashboard(section, database);
        section.EnsureAllRead();
        return dashboard is null ? [database] : [database, dashboard];
    }

    private static Dashboard.LiveDashboard? Dashboard(YamlSection monitoring, Monitoring.MonitoringDatabase database)
    {
        if (!monitoring.Has("dashboard"))
            return null;
        if (monitoring.IsScalar("dashboard"))
            return monitoring.Bool("dashboard") == true ? new Dashboard.LiveDashboard(database) : null;
        var section = monitoring.Section("dashboard")!;
        var listen = section.String("listen");
        var address = System.Net.IPAddress.Loopback;
        if (listen is not null && !System.Net.IPAddress.TryParse(listen, out address))
            throw section.Error($"listen is '{listen}', not an IP address: give one such as 0.0.0.0 (every interface, with a token), or leave it out for 127.0.0.1");
        var token = section.String("token");
        if (!System.Net.IPAddress.IsLoopback(address) && string.IsNullOrEmpty(token))
            throw section.Error($"listen is {listen}, which other machines reach: give a token too, which every request must carry");
        var dashboard = new Dashboard.LiveDashboard(database) { Port = section.Int("port", min: 0, max: 65535) ?? 0, ListenAddress = address, Token = token };
        section.EnsureAllRead();
        return dashboard;
    }

    internal static IExecutor Threads(YamlSection s) =>
        s.Checked(() => new ThreadPoolExecutor(s.String("label") ?? "local", s.Int("max_threads", min: 1)) { Container = Container(s) });

    /// <summary>An executor's <c>container: { image: NAME, runtime: podman|docker|apptainer, program: PATH, variables: [..],
    /// mounts: [..] }</c>: the image its tries run in when the app names none; null without the key.</summary>
    private static ContainerImage? Container(YamlSection executor)
    {
        if (executor.Section("container") is not { } s)
            return null;
        var image = new ContainerImage(s.RequiredString("image"))
        {
            Runtime = s.Choice("runtime", "podman", "docker", "apptainer") is { } runtime ? Enum.Parse<ContainerRuntime>(runtime, ignoreCase: true) : ContainerRuntime.Podman,
            RuntimeProgram = s.String("program"),
            Variables = s.Strings("variables") ?? [],
            Mounts = s.Strings("mounts") ?? [],
        };
        s.EnsureAllRead();
        return image;
    }

    internal static IExecutor Htex(YamlSection s)
    {
        var d = new HighThroughputExecutor();
        var scaling = s.Section("scaling");
        return s.Checked(() => new HighThroughputExecutor(s.String("label") ?? d.Label)
        {
            Transport = s.Choice("transport", "grpc", "netmq") is { } transport ? (transport == "grpc" ? HtexTransport.Grpc : HtexTransport.NetMQ) : d.Transport,
            TrustedNetwork = s.Bool("trusted_network") ?? d.TrustedNetwork,
            MaxWorkersPerNode = s.Int("max_workers_per_node", min: 1) ?? d.MaxWorkersPerNode,
            CoresPerWorker = s.Double("cores_per_worker", min: double.Epsilon) ?? d.CoresPerWorker,
            Prefetch = s.Int("prefetch", min: 0) ?? d.Prefetch,
            HeartbeatPeriod = s.Duration("heartbeat_period") ?? d.HeartbeatPeriod,
            HeartbeatThreshold = s.Duration("heartbeat_threshold") ?? d.HeartbeatThreshold,
            WorkerLossRetries = s.Int("worker_loss_retries", min: 0) ?? d.WorkerLossRetries,
            Address = s.String("address") ?? d.Address,
            Port = s.Int("port", min: 0, max: 65535) ?? d.Port,
            TunnelThroughChannel = s.Bool("tunnel_through_channel") ?? d.TunnelThroughChannel,
            WorkerInit = s.String("worker_init") ?? d.WorkerInit,
            MpiLauncher = s.Choice("mpi_launcher", "mpiexec", "openmpi", "srun", "aprun") is { } mpi
                ? Enum.Parse<MpiLauncher>(mpi, ignoreCase: true) : d.MpiLauncher,
            GpusPerNode = s.Int("gpus_per_node", min: 0) ?? d.GpusPerNode,
            Container = Container(s),
            WorkersRunInContainer = s.Bool("workers_in_container") ?? d.WorkersRunInContainer,
            Staging = s.Choice("staging", "in_workflow", "on_worker") is { } staging
                ? (staging == "on_worker" ? Parsl.Staging.StagingModes.OnWorker : Parsl.Staging.StagingModes.InWorkflow) : d.Staging,
            BlockWalltime = s.Duration("block_walltime") ?? d.BlockWalltime,
            ScalingInterval = s.Duration("scaling_interval") ?? d.ScalingInterval,
            BlockStartTimeout = s.Duration("block_start_timeout") ?? d.BlockStartTimeout,
            MaxBlockStartFailures = s.Int("max_block_start_failures", min: 1) ?? d.MaxBlockStartFailures,
            SubmitRetryDelay = s.Duration("submit_retry_delay") ?? d.SubmitRetryDelay,
            WorkerStopGrace = s.Duration("worker_stop_grace") ?? d.WorkerStopGrace,
            Scaling = scaling is null ? d.Scaling : Scaling(scaling),
            Launcher = s.Typed<Launcher>("launcher") ?? d.Launcher,
            Provider = s.Typed<IExecutionProvider>("provider") ?? d.Provider,
        }, htex => htex.Validate());
    }

    private static BlockScaling Scaling(YamlSection s)
    {
        var d = new BlockScaling();
        var scaling = new BlockScaling
        {
            InitBlocks = s.Int("init_blocks", min: 0) ?? d.InitBlocks,
            MinBlocks = s.Int("min_blocks", min: 0) ?? d.MinBlocks,
            MaxBlocks = s.Int("max_blocks", min: 1) ?? d.MaxBlocks,
            NodesPerBlock = s.Int("nodes_per_block", min: 1) ?? d.NodesPerBlock,
            Parallelism = s.Double("parallelism", min: 0, max: 1) ?? d.Parallelism,
            MaxIdleTime = s.Duration("max_idle_time") ?? d.MaxIdleTime,
        };
        s.EnsureAllRead();
        return scaling;
    }

    internal static IExecutionProvider Slurm(YamlSection s) =>
        new SlurmProvider { Settings = Shared(s), Partition = s.String("partition"), Qos = s.String("qos"), Constraint = s.String("constraint") };

    internal static IExecutionProvider GridEngine(YamlSection s) =>
        new GridEngineProvider { Settings = Shared(s), Queue = s.String("queue"), ParallelEnvironment = s.String("parallel_environment") ?? "smp" };

    internal static IExecutionProvider Lsf(YamlSection s) => new LsfProvider { Settings = Shared(s), Queue = s.String("queue") };

    internal static IExecutionProvider Condor(YamlSection s) => new CondorProvider { Settings = Shared(s), SubmitOptions = s.String("submit_options") };

    internal static IExecutionProvider Cobalt(YamlSection s) => new CobaltProvider { Settings = Shared(s), Queue = s.String("queue") };

    internal static IExecutionProvider Torque(YamlSection s) => new TorqueProvider { Settings = Shared(s), Queue = s.String("queue") };

    internal static IExecutionProvider PbsPro(YamlSection s) => new PbsProProvider { Settings = Shared(s), Queue = s.String("queue") };

    /// <summary>The keys every batch scheduler's section takes.</summary>
    private static SchedulerSettings Shared(YamlSection s) => new()
    {
        Channel = s.Typed<IChannel>("channel") ?? new LocalChannel(),
        Account = s.String("account"),
        CoresPerNode = s.Int("cores_per_node", min: 1),
        MemoryPerNodeGb = s.Int("memory_per_node_gb", min: 1),
        Exclusive = s.Bool("exclusive") ?? false,
        SchedulerOptions = s.String("scheduler_options"),
        WorkerInit = s.String("worker_init"),
        CommandTimeout = s.Duration("command_timeout") ?? TimeSpan.FromSeconds(30),
        WorkingDirectory = s.String("working_directory"),
    };

    internal static IChannel Ssh(YamlSection s) =>
        new SshChannel(s.RequiredString("host"), s.String("user") ?? Environment.UserName, s.Int("port", min: 1, max: 65535) ?? 22)
        {
            KeyFile = ExpandHome(s.String("key_file")),
            KnownHostsFile = ExpandHome(s.String("known_hosts")),
            ConnectTimeout = s.Duration("connect_timeout") ?? TimeSpan.FromSeconds(30),
            TunnelBindAddress = s.String("tunnel_bind_address"),
        };

    private static string? ExpandHome(string? path) =>
        path is not null && path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}
