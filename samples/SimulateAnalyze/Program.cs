using SimulateAnalyze;
using Parsl;

// --graph [mermaid|dot]: print the workflow's graph, known at compile time, and run nothing.
var graph = Array.IndexOf(args, "--graph");
if (graph >= 0)
{
    Console.Write(args.ElementAtOrDefault(graph + 1) == "dot" ? Simulation.RunGraph.ToDot() : Simulation.RunGraph.ToMermaid());
    return;
}

// The simulation programs ship beside this program; put them on PATH, as a cluster's module system would.
Environment.SetEnvironmentVariable("PATH", AppContext.BaseDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));

// Swift's arg("nsim", "10") and friends, as --nsim 10 etc.
var nsim = Argument("--nsim", 10);
var steps = Argument("--steps", 1);
var range = Argument("--range", 100);
var values = Argument("--values", 5);

// Every result is checkpointed as its task exits; a rerun (even after a crash or Ctrl-C) resumes from the latest run.
// --executor threads (the default) or htex: the same workflow on threads of this process, or on worker processes.
var config = ParslConfig.LocalThreads(maxThreads: 8) with
{
    Executors = [ExecutorFrom(args)],
    Checkpoint = CheckpointMode.TaskExit,
    CheckpointFiles = Checkpoints.Latest(),
};
var clock = System.Diagnostics.Stopwatch.StartNew();
await using var parsl = await DataFlowKernel.LoadAsync(config);

var stats = await Simulation.Run(nsim, steps, range, values);
Console.WriteLine($"{nsim} simulations, average value {File.ReadAllText(stats.StdoutPath!).Trim()} (written to {Path.GetRelativePath(Environment.CurrentDirectory, stats.StdoutPath!)})");
var counts = parsl.Counts;
Console.WriteLine(config.CheckpointFiles.Count == 0
    ? $"{counts.Submitted} tasks ran in {clock.Elapsed.TotalSeconds:0.0} s; run it again to see them come from the checkpoint."
    : $"{counts.FromCache} of {counts.Submitted} tasks came from the cache ({Path.GetRelativePath(Environment.CurrentDirectory, config.CheckpointFiles[0])}); {clock.Elapsed.TotalSeconds:0.0} s.");

int Argument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

static Parsl.Executors.IExecutor ExecutorFrom(string[] args)
{
    var at = Array.IndexOf(args, "--executor");
    return (at < 0 ? "threads" : args.ElementAtOrDefault(at + 1)) switch
    {
        "threads" => new Parsl.Executors.ThreadPoolExecutor("local", maxThreads: 8),
        "htex" => new Parsl.Executors.HighThroughputExecutor("htex") { MaxWorkersPerNode = 8 },
        var other => throw new ArgumentException($"--executor {other}: use 'threads' or 'htex'."),
    };
}
