using System.Diagnostics;
using Docking;
using Parsl;
using Parsl.Executors;

// dock.sh ships beside this program; put it on PATH, as a cluster's module system would.
Environment.SetEnvironmentVariable("PATH", AppContext.BaseDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));

string[] proteins = ["1hsg", "2rh1", "3eml", "4dkl"];
string[] ligands = ["aspirin", "caffeine", "ibuprofen", "naproxen", "paracetamol", "theophylline"];
const double minRadius = 1.5;

var config = new ParslConfig { Executors = [new ThreadPoolExecutor("local", maxThreads: 8)] };
await using var parsl = await DataFlowKernel.LoadAsync(config);
var clock = Stopwatch.StartNew();

// Every call returns at once: the docks run in parallel, eight at a time.
var reports = new List<AppFuture<BashResult>>();
foreach (var protein in proteins)
    foreach (var ligand in ligands)
        reports.Add(Screening.DockAsync(protein, ligand, minRadius));

// Analyze takes the futures themselves and runs when all of them are done.
var ranked = await Screening.AnalyzeAsync(reports);

Console.WriteLine($"Docked {reports.Count} protein-ligand pairs in {clock.Elapsed.TotalSeconds:0.0} s (run directory {parsl.RunDirectory})");
Console.WriteLine();
Console.WriteLine($"{"rank",4}  {"protein",-8} {"ligand",-13} {"score",7}");
for (var i = 0; i < ranked.Length; i++)
    Console.WriteLine($"{i + 1,4}  {ranked[i].Protein,-8} {ranked[i].Ligand,-13} {ranked[i].Score,7:0.00}");
