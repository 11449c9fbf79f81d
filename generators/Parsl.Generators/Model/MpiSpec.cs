namespace Parsl.Generators.Model;

/// <summary>An MPI app's attribute figures (0: not given).</summary>
internal sealed record MpiSpec(int Nodes, int RanksPerNode, int Ranks, int CoresPerRank, int GpusPerRank)
{
    /// <summary>Null when the attribute gives none of them: the app is not an MPI app.</summary>
    public static MpiSpec? From(int nodes, int ranksPerNode, int ranks, int coresPerRank, int gpusPerRank) =>
        nodes == 0 && ranksPerNode == 0 && ranks == 0 && coresPerRank == 0 && gpusPerRank == 0
            ? null
            : new MpiSpec(nodes, ranksPerNode, ranks, coresPerRank, gpusPerRank);
}
