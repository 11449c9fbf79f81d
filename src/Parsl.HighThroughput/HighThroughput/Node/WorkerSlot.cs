using System.Diagnostics;
using System.IO.Pipes;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>One of a manager's worker processes and what it is doing; a slot outlives the processes that fill it in turn.</summary>
internal sealed class WorkerSlot(int index)
{
    public int Index { get; } = index;

    public Process? Process { get; set; }

    /// <summary>The pipe the manager writes the worker's tries and stop requests to.</summary>
    public AnonymousPipeServerStream? ToWorker { get; set; }

    /// <summary>The thread that reads the current process's pipe, and ends once that process is gone.</summary>
    public Thread? Reader { get; set; }

    public bool Ready { get; set; }

    /// <summary>The tries sent to it, oldest first: it runs them in this order, so the first is the one it runs (or is about to).</summary>
    public LinkedList<DispatchMessage> Assigned { get; } = new();

    /// <summary>The running try it was asked to stop, or 0.</summary>
    public long StopId { get; set; }

    /// <summary>When <see cref="StopId"/> must be over, or 0; past it the worker is killed.</summary>
    public long StopDeadline { get; set; }

    /// <summary>Which of the slot's processes is current: news from an earlier one is stale.</summary>
    public int Generation { get; set; }
}
