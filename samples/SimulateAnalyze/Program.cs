using SimulateAnalyze;
using Parsl;

// The simulation programs ship beside this program; put them on PATH, as a cluster's module system would.
Environment.SetEnvironmentVariable("PATH", AppContext.BaseDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));

// Swift's arg("nsim", "10") and friends, as --nsim 10 etc.
var nsim = Argument("--nsim", 10);
var steps = Argument("--steps", 1);
var range = Argument("--range", 100);
var values = Argument("--values", 5);

await using var parsl = await DataFlowKernel.LoadAsync(ParslConfig.LocalThreads(maxThreads: 8));

// foreach i in [0:nsim-1]: sims[i] = simulation(...) -- all nsim run in parallel.
var simulations = new AppFuture<BashResult>[nsim];
for (var i = 0; i < nsim; i++)
    simulations[i] = Simulation.SimulateAsync(i, steps, range, values);

// stats = analyze(sims): starts once every simulation has written its file.
var stats = await Simulation.AnalyzeAsync(simulations);
Console.WriteLine($"{nsim} simulations, average value {File.ReadAllText(stats.StdoutPath!).Trim()} (written to {Path.GetRelativePath(Environment.CurrentDirectory, stats.StdoutPath!)})");

int Argument(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
