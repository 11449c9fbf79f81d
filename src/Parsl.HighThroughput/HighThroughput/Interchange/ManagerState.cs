namespace Parsl.Executors.HighThroughput;

/// <summary>A registered manager as the interchange sees it. Touched only on the interchange's thread.</summary>
internal sealed class ManagerState(byte[] identity, int id, string blockId, string host, int pid, int workers, int prefetch)
{
    public byte[] Identity { get; } = identity;

    public int Id { get; } = id;

    public string BlockId { get; } = blockId;

    public string Host { get; } = host;

    public int Pid { get; } = pid;

    public int Workers { get; } = workers;

    /// <summary>Tries it may hold at once: one per worker, plus the prefetched ones that wait for a free worker.</summary>
    public int Capacity { get; } = workers + prefetch;

    public HashSet<Dispatch> InFlight { get; } = [];

    public int Free => Capacity - InFlight.Count;

    /// <summary><see cref="Environment.TickCount64"/> when it was last heard from.</summary>
    public long LastHeard { get; set; } = Environment.TickCount64;

    /// <summary>Where its tries run, for observers: made once, shared by all of them.</summary>
    public Events.TryPlacement Placement => field ??= new Events.TryPlacement(BlockId, Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Host) { Description = ToString() };

    public override string ToString() => $"manager {Id} (block {BlockId}, {Host}, pid {Pid})";
}
