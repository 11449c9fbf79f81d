using System.Runtime.InteropServices;

namespace Parsl.Dataflow;

/// <summary>
/// The two counters every task writes from every thread (the last task id, the tasks not yet completed), each on a
/// cache line of its own: next to the kernel's read-only fields, their writes made every reader of those fields miss
/// its cache (as .NET's ConcurrentQueue pads its head and tail).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 3 * CacheLine)]
internal struct TaskCounters
{
    private const int CacheLine = 64;

    /// <summary>The id of the last task submitted.</summary>
    [FieldOffset(CacheLine)] public long LastTaskId;

    /// <summary>Tasks submitted and not yet completed.</summary>
    [FieldOffset(2 * CacheLine)] public long Outstanding;
}
