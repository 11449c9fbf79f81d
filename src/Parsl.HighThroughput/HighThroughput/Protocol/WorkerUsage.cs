namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>What a try cost the worker that ran it, as that worker measured it (see <c>TryUsageMeter</c>); travels at the
/// end of its <see cref="Outcome"/>, for observers, when the dispatch asked for it.</summary>
internal readonly record struct WorkerUsage(string Worker, long CpuTicks, long PeakMemoryBytes)
{
    public void WriteTo(WireWriter writer)
    {
        writer.Write(Worker);
        writer.Write(CpuTicks);
        writer.Write(PeakMemoryBytes);
    }

    public static WorkerUsage ReadFrom(ref WireReader reader) =>
        new(reader.ReadString() ?? "", reader.ReadInt64(), reader.ReadInt64());

    public Events.TryUsage ToTryUsage() => new(Worker, TimeSpan.FromTicks(CpuTicks), PeakMemoryBytes);
}
