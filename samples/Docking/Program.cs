using System.Diagnostics;
using Docking;
using Parsl;
using Parsl.Executors;
using Parsl.Monitoring;

// --graph [mermaid|dot]: print the workflow's graph, known at compile time, and run nothing.
if (GraphFormat(args) is { } format)
{
    Console.Write(format == "dot" ? Screening.ScreenGraph.ToDot() : Screening.ScreenGraph.ToMermaid());
    return 0;
}

// dock.sh ships beside this program; put it on PATH, as a cluster's module system would.
Environment.SetEnvironmentVariable("PATH", AppContext.BaseDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));

string[] proteins = ["1hsg", "2rh1", "3eml", "4dkl"];
string[] ligands = ["aspirin", "caffeine", "ibuprofen", "naproxen", "paracetamol", "theophylline"];

// --inputs URL: read the structures and ligands from a server (http, https or ftp) instead of the inputs/ folder shipped
// beside this program; each file is fetched once, before the docks that read it, and kept for the next run.
var inputs = OptionValue(args, "--inputs") ?? Path.Combine(AppContext.BaseDirectory, "inputs");

// --config configs/slurm.yaml (or any file in configs/): where the workflow runs comes from the file, not the code.
// --executor threads (the default) or htex: the same workflow on threads of this process, or on worker processes.
DataFlowKernel parsl;
try
{
    var config = OptionValue(args, "--config") is { } configFile ? ParslConfig.FromYaml(configFile) : new ParslConfig { Executors = [ExecutorFrom(args)] };
    // The run's progress on stderr: a live table on a terminal, a summary line every 10 s otherwise; --no-progress: none.
    if (!args.Contains("--no-progress") && !config.Observers.OfType<ConsoleProgress>().Any())
        config = config with { Observers = [.. config.Observers, new ConsoleProgress()] };
    parsl = await DataFlowKernel.LoadAsync(config);
}
catch (Exception problem) when (problem is ConfigFileException or ArgumentException)
{
    // A wrong option or config value: the message says where and what to do; a stack trace would only hide it.
    Console.Error.WriteLine($"Docking: {problem.Message}");
    return 2;
}
await using var run = parsl;
var clock = Stopwatch.StartNew();

DockingScore[] ranked;
try
{
    ranked = await Screening.Screen(inputs, proteins, ligands, minRadius: 1.5);
}
catch (DependencyFailedException failure)
{
    // Each failed dock and its root cause (a missing input, a failed download) are in the message; the stack is noise.
    Console.Error.WriteLine($"Docking: {failure.Message}");
    return 1;
}

Console.WriteLine($"Docked {proteins.Length * ligands.Length} protein-ligand pairs in {clock.Elapsed.TotalSeconds:0.0} s (run directory {Path.GetRelativePath(Environment.CurrentDirectory, parsl.RunDirectory)})");
Console.WriteLine();
Console.WriteLine($"{"rank",4}  {"protein",-8} {"ligand",-13} {"score",7}");
for (var i = 0; i < ranked.Length; i++)
    Console.WriteLine($"{i + 1,4}  {ranked[i].Protein,-8} {ranked[i].Ligand,-13} {ranked[i].Score,7:0.00}");
return 0;

static IExecutor ExecutorFrom(string[] args)
{
    var at = Array.IndexOf(args, "--executor");
    return (at < 0 ? "threads" : args.ElementAtOrDefault(at + 1)) switch
    {
        "threads" => new ThreadPoolExecutor("local", maxThreads: 8),
        // dock.sh mostly waits, so four workers share a core: eight workers, as the thread executor has eight threads.
        "htex" => new HighThroughputExecutor("htex") { CoresPerWorker = 0.25, MaxWorkersPerNode = 8 },
        var other => throw new ArgumentException($"--executor {other}: use 'threads' or 'htex'."),
    };
}

static string? OptionValue(string[] args, string name)
{
    var at = Array.IndexOf(args, name);
    return at < 0 ? null : args.ElementAtOrDefault(at + 1) ?? throw new ArgumentException($"{name} needs a value, e.g. {(name == "--inputs" ? "--inputs http://127.0.0.1:8000/docking" : name + " samples/Docking/configs/slurm.yaml")}");
}

static string? GraphFormat(string[] args)
{
    var at = Array.IndexOf(args, "--graph");
    return at < 0 ? null : args.ElementAtOrDefault(at + 1) ?? "mermaid";
}
