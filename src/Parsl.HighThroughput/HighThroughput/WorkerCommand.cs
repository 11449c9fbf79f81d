using System.Globalization;
using System.Runtime.InteropServices;
using Parsl.Providers;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The command line a block runs to start a manager: the same dotnet runtime, the workflow's dependency file and
/// runtime config, and Parsl.HighThroughput.dll as the host, told which of the workflow's assemblies hold its apps.
/// </summary>
internal static class WorkerCommand
{
    /// <summary>The request for one block, given its id: the manager's program, arguments and environment, and the same as one bash script body.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location is checked and explained.")]
    public static Func<string, BlockRequest> ForManager(HighThroughputExecutor executor, string address, int port, string secretFile, string directory, string logDirectory)
    {
        var dotnet = DotnetHost();
        var deps = DependencyFile();
        var runtimeConfig = RuntimeConfig(deps, directory);
        var host = typeof(WorkerCommand).Assembly.Location;
        if (string.IsNullOrEmpty(host))
            throw new InvalidOperationException("HighThroughputExecutor needs Parsl.HighThroughput.dll on disk to start workers; a single-file published program cannot start them.");
        var assemblies = AppRegistry.Assemblies.Where(a => !string.IsNullOrEmpty(a.Location)).DistinctBy(a => a.Location, StringComparer.Ordinal).ToList();

        var invariant = CultureInfo.InvariantCulture;
        List<string> arguments =
        [
            "exec", "--depsfile", deps, "--runtimeconfig", runtimeConfig, host, "manager", "--deps", deps, "--runtimeconfig", runtimeConfig,
            "--interchange", $"{address}:{port}", "--secret-file", Path.GetFullPath(secretFile),
        ];
        if (executor.MaxWorkersPerNode is { } max)
            arguments.AddRange(["--max-workers", max.ToString(invariant)]);
        if (executor.MpiLauncher is { } mpi)
            arguments.AddRange(["--mpi-launcher", mpi.ToString()]);
        if (executor.GpusPerNode is { } gpus)
            arguments.AddRange(["--gpus-per-node", gpus.ToString(invariant)]);
        arguments.AddRange(
        [
            "--cores-per-worker", executor.CoresPerWorker.ToString("R", invariant), "--prefetch", executor.Prefetch.ToString(invariant),
            "--heartbeat-period", ((long)executor.HeartbeatPeriod.TotalMilliseconds).ToString(invariant),
            "--heartbeat-threshold", ((long)executor.HeartbeatThreshold.TotalMilliseconds).ToString(invariant),
            "--stop-grace", ((long)executor.WorkerStopGrace.TotalMilliseconds).ToString(invariant), "--log-dir", Path.GetFullPath(directory),
            "--max-message", executor.MaxMessageBytes.ToString(invariant),
        ]);
        foreach (var assembly in assemblies)
            arguments.AddRange(["--assembly", assembly.Location, "--assembly-build", assembly.ManifestModule.ModuleVersionId.ToString("D")]);
        // Blocks submitted over SSH start in the login shell's environment, not this program's: worker_init and the
        // apps find what ships beside the program (scripts a bash app runs) through PARSL_PROGRAM_DIR.
        var environment = new Dictionary<string, string> { ["PARSL_PROGRAM_DIR"] = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory) };
        var setup = string.IsNullOrWhiteSpace(executor.WorkerInit) ? null : executor.WorkerInit.TrimEnd();
        var exports = string.Concat(environment.Select(v => $"export {v.Key}={ShellCommand.Quote(v.Value)}\n"));
        var mounted = MountedFolders(dotnet, deps, runtimeConfig, host, assemblies.Select(a => a.Location), secretFile, directory, logDirectory);
        return blockId =>
        {
            List<string> own = [.. arguments, "--block", blockId];
            var (program, programArguments) = executor.WorkersRunInContainer
                ? InContainer(executor, blockId, directory, mounted, environment.Keys, [dotnet, .. own])
                : (dotnet, own);
            var line = string.Join(' ', programArguments.Prepend(program).Select(ShellCommand.Quote));
            // In MPI mode one manager serves the whole block from its first node: the MPI launcher reaches the others.
            var launch = executor.MpiLauncher is null ? executor.Launcher.Wrap(line, tasksPerNode: 1, executor.Scaling.NodesPerBlock) : line;
            var script = exports + (setup is null ? "" : setup + "\n") + launch;
            return new BlockRequest(script, $"parsl.{executor.Label}.block-{blockId}", logDirectory, executor.BlockWalltime, executor.Scaling.NodesPerBlock)
            {
                Program = program, Arguments = programArguments, Environment = environment, Setup = setup,
            };
        };
    }

    /// <summary>
    /// The manager's command line inside the executor's image: the runtime's <c>run</c> with every folder the manager
    /// reads or writes mounted at its own path, the workflow's working directory as the container's, and the block's
    /// variables passed. The container has no name (a launcher may start one per node from one line); its labels find
    /// it. Ended by SIGTERM (the runtime hands the signal to the manager, which stops its workers) and removed after.
    /// </summary>
    private static (string Program, List<string> Arguments) InContainer(HighThroughputExecutor executor, string blockId, string directory,
        IReadOnlyList<string> mounted, IEnumerable<string> variables, IReadOnlyList<string> manager)
    {
        var image = executor.Container!;
        var container = Containers.ContainerCommand.Of(image, name: null, Environment.CurrentDirectory, mounted,
            ContainerLabels(executor, directory, blockId), variables);
        return (image.Program, [.. container.Run(manager)]);
    }

    /// <summary>The labels of a block's containers: the executor, the block, and the run's folder (the executor's folder's grandparent).</summary>
    public static KeyValuePair<string, string>[] ContainerLabels(HighThroughputExecutor executor, string directory, string blockId) =>
        [new("parsl.executor", executor.Label), new("parsl.block", blockId), new("parsl.run", Path.GetFullPath(Path.Combine(directory, "..", "..")))];

    /// <summary>The host folders a manager in a container needs: the .NET runtime's, the program's and its apps'
    /// assemblies', and the executor's folder in the run (its secret, its logs).</summary>
    private static List<string> MountedFolders(string dotnet, string deps, string runtimeConfig, string host, IEnumerable<string> assemblyFiles,
        string secretFile, string directory, string logDirectory)
    {
        List<string> files = [deps, runtimeConfig, host, secretFile, .. assemblyFiles];
        List<string> folders = [AppContext.BaseDirectory, Path.GetFullPath(directory), Path.GetFullPath(logDirectory),
            .. files.Select(file => Path.GetDirectoryName(Path.GetFullPath(file))!)];
        // "dotnet" found on PATH rather than beside the runtime: the image must have its own.
        if (Path.IsPathRooted(dotnet))
            folders.Insert(0, Path.GetDirectoryName(dotnet)!);
        return folders;
    }

    /// <summary>The <c>dotnet</c> host of the running runtime (…/dotnet/shared/Microsoft.NETCore.App/10.0.x/ → …/dotnet/dotnet).</summary>
    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    /// <summary>The workflow's dependency file, which tells the host where every assembly the apps need lives.</summary>
    private static string DependencyFile()
    {
        var files = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return files.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("HighThroughputExecutor could not find the program's .deps.json, which workers need to load its apps; run the program with 'dotnet run' or 'dotnet Program.dll'.");
    }

    /// <summary>The workflow's runtime config, or one written for the running runtime when it has none beside its dependency file.</summary>
    private static string RuntimeConfig(string deps, string directory)
    {
        var beside = deps[..^".deps.json".Length] + ".runtimeconfig.json";
        if (File.Exists(beside))
            return beside;
        var written = Path.Combine(directory, "worker.runtimeconfig.json");
        var version = Environment.Version;
        File.WriteAllText(written, "{\"runtimeOptions\":{\"tfm\":\"net" + version.Major + "." + version.Minor +
            "\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + version + "\"}}}");
        return written;
    }
}
