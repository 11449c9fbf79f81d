using System.Globalization;
using Parsl;

namespace MpiScores;

/// <summary>The MpiScores sample's apps: score pairs on threads, build the MPI program, reduce the scores across nodes.</summary>
public static partial class Scoring
{
    /// <summary>A stand-in for a scoring function (the Docking sample's dock.sh does the same sum): lower binds better.</summary>
    [App(Executors = ["local"])]
    public static partial double Score(string protein, string ligand) =>
        -Math.Round((protein + ligand).Sum(c => c % 7) / 3.0, 2);

    /// <summary>Writes the scores, one per line, for the MPI program to read.</summary>
    [App(Executors = ["local"])]
    public static partial string WriteScores(IReadOnlyList<double> scores, string path)
    {
        File.WriteAllLines(path, scores.Select(s => s.ToString("R", CultureInfo.InvariantCulture)));
        return path;
    }

    /// <summary>Compiles the MPI program with MPICH's compiler wrapper.</summary>
    [BashApp("mpicc {source} -o {program}", Executors = ["local"])]
    public static partial BashResult Compile(string source, string program);

    /// <summary>The MPI step: 2 nodes × 2 ranks, started by the prefix the manager prepares for the nodes it gives; it runs
    /// once <paramref name="program"/> (the build) is done.</summary>
    [BashApp("$PARSL_MPI_PREFIX {programPath} {scores}", Executors = ["mpi"], Nodes = 2, RanksPerNode = 2, Stdout = "{report}")]
    public static partial BashResult Reduce(BashResult program, string programPath, string scores, string report);
}
