using MpiScores;
using Parsl;
using Parsl.Executors;

// Scores every protein-ligand pair in parallel on threads, then reduces the scores with an MPI program over two nodes
// of a block of the pilot-job executor in MPI mode. Here the block's "nodes" are this machine named twice in a host
// file; on a cluster, drop the host file and the nodes come from the batch system (docs/mpi.md).
string[] proteins = ["1hsg", "2rh1", "3eml", "4dkl"];
string[] ligands = ["aspirin", "caffeine", "ibuprofen"];

var work = Directory.CreateTempSubdirectory("parsl-mpi-scores-").FullName;
var hosts = Path.Combine(work, "hosts");
File.WriteAllLines(hosts, ["localhost", "localhost"]);

await using (var parsl = await DataFlowKernel.LoadAsync(new ParslConfig
{
    Executors =
    [
        new ThreadPoolExecutor("local", maxThreads: 4),
        // UCX_TLS: the "nodes" are one machine, where shared memory is all MPI needs; on a cluster, leave it to the site.
        new HighThroughputExecutor("mpi") { MpiLauncher = MpiLauncher.Mpiexec, WorkerInit = $"export PARSL_MPI_HOSTFILE={ShellCommand.Quote(hosts)} UCX_TLS=self,sm" },
    ],
}))
{
    var scores = proteins.SelectMany(p => ligands.Select(l => Scoring.ScoreAsync(p, l))).ToList();
    var scoreFile = Scoring.WriteScoresAsync(scores, Path.Combine(work, "scores.txt"));
    var program = Path.Combine(work, "reduce");
    var built = Scoring.CompileAsync(Path.Combine(AppContext.BaseDirectory, "reduce.c"), program);
    var report = Path.Combine(work, "report.txt");
    try
    {
        await Scoring.ReduceAsync(built, program, scoreFile, report);
    }
    catch (Exception failure) when (failure is BashAppException or DependencyFailedException)
    {
        Console.Error.WriteLine($"MpiScores: {failure.Message}");
        Console.Error.WriteLine("MpiScores: needs MPICH (mpicc, mpiexec): apt-get install mpich libmpich-dev, or .ci/services/install-mpich.sh");
        return 1;
    }
    var all = scores.Select(s => s.Result()).ToList();
    Console.WriteLine($"MPI:    {File.ReadAllText(report).Trim()}");
    Console.WriteLine($"C#:     best {all.Min():0.00} mean {all.Average():0.00} over {all.Count} scores");
}
Directory.Delete(work, recursive: true);
return 0;
