using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The command line a block runs to start a manager: the same dotnet runtime, the workflow's dependency file and
/// runtime config, and Parsl.HighThroughput.dll as the host, told which of the workflow's assemblies hold its apps.
/// </summary>
internal static class WorkerCommand
{
    /// <summary>The command for one block, given its id.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location is checked and explained.")]
    public static Func<string, string> ForManager(HighThroughputExecutor executor, string address, int port, string secretFile, string directory)
    {
        var dotnet = DotnetHost();
        var deps = DependencyFile();
        var runtimeConfig = RuntimeConfig(deps, directory);
        var host = typeof(WorkerCommand).Assembly.Location;
        if (string.IsNullOrEmpty(host))
            throw new InvalidOperationException("HighThroughputExecutor needs Parsl.HighThroughput.dll on disk to start workers; a single-file published program cannot start them.");
        var assemblies = AppRegistry.Assemblies.Where(a => !string.IsNullOrEmpty(a.Location)).DistinctBy(a => a.Location, StringComparer.Ordinal).ToList();

        var command = new StringBuilder();
        command.Append(CultureInfo.InvariantCulture, $"{ShellCommand.Quote(dotnet)} exec --depsfile {ShellCommand.Quote(deps)} --runtimeconfig {ShellCommand.Quote(runtimeConfig)} {ShellCommand.Quote(host)} manager");
        command.Append(CultureInfo.InvariantCulture, $" --deps {ShellCommand.Quote(deps)} --runtimeconfig {ShellCommand.Quote(runtimeConfig)}");
        command.Append(CultureInfo.InvariantCulture, $" --interchange {address}:{port} --secret-file {ShellCommand.Quote(Path.GetFullPath(secretFile))}");
        if (executor.MaxWorkersPerNode is { } max)
            command.Append(CultureInfo.InvariantCulture, $" --max-workers {max}");
        command.Append(CultureInfo.InvariantCulture, $" --cores-per-worker {executor.CoresPerWorker.ToString("R", CultureInfo.InvariantCulture)} --prefetch {executor.Prefetch}");
        command.Append(CultureInfo.InvariantCulture, $" --heartbeat-period {(long)executor.HeartbeatPeriod.TotalMilliseconds} --heartbeat-threshold {(long)executor.HeartbeatThreshold.TotalMilliseconds}");
        command.Append(CultureInfo.InvariantCulture, $" --stop-grace {(long)executor.WorkerStopGrace.TotalMilliseconds}");
        command.Append(CultureInfo.InvariantCulture, $" --log-dir {ShellCommand.Quote(Path.GetFullPath(directory))}");
        foreach (var assembly in assemblies)
        {
            command.Append(" --assembly ").Append(ShellCommand.Quote(assembly.Location));
            command.Append(" --assembly-build ").Append(assembly.ManifestModule.ModuleVersionId.ToString("D"));
        }
        var common = command.ToString();
        // Blocks submitted over SSH start in the login shell's environment, not this program's: worker_init and the
        // apps find what ships beside the program (scripts a bash app runs) through PARSL_PROGRAM_DIR.
        var program = $"export PARSL_PROGRAM_DIR={ShellCommand.Quote(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))}\n";
        var init = string.IsNullOrWhiteSpace(executor.WorkerInit) ? "" : executor.WorkerInit.TrimEnd() + "\n";
        return blockId => program + init + executor.Launcher.Wrap($"{common} --block {ShellCommand.Quote(blockId)}", tasksPerNode: 1, executor.Scaling.NodesPerBlock);
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
