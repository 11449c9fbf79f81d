namespace Parsl;

/// <summary>What one MPI try runs as: its nodes, ranks per node and ranks in all, and the cores and GPUs each rank gets
/// (0: not asked for, the launcher's default). See <see cref="ResourceSpecification.Mpi"/>.</summary>
/// <param name="Nodes">Nodes the try gets to itself.</param>
/// <param name="RanksPerNode">Ranks started on each.</param>
/// <param name="Ranks">Ranks in all, at most <paramref name="Nodes"/> × <paramref name="RanksPerNode"/>.</param>
/// <param name="CoresPerRank">Cores each rank is bound to; 0 for the launcher's default.</param>
/// <param name="GpusPerRank">GPUs each rank gets; 0 for none asked.</param>
public readonly record struct MpiShape(int Nodes, int RanksPerNode, int Ranks, int CoresPerRank = 0, int GpusPerRank = 0);
