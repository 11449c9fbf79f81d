using System.Diagnostics.CodeAnalysis;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// A manager's assignment policy, apart from its processes and pipes: the tries it holds wait in the order they came;
/// a ready worker holds up to its share (the try it runs and its part of the prefetch, so short tries go out and come
/// back in batches) and runs them in order; when a worker dies, the try it ran is lost and the others it held go back
/// to the front of the line, in their order. In MPI mode (<paramref name="mpi"/>) an idle worker takes the first try in
/// line whose nodes are free (the others keep their places); a try that can never fit the block is handed to
/// <paramref name="refuse"/>. With a prefetch, a busy MPI worker also holds the try next in line when it needs no more
/// nodes than the one it runs holds and cannot start now: placed behind it on those nodes, it starts the moment the one
/// ahead ends, without the manager's round trip between them.
/// </summary>
internal sealed class WorkAssignment(IReadOnlyList<WorkerSlot> workers, int prefetch, MpiPlacement? mpi = null, Action<DispatchMessage, string>? refuse = null)
{
    private readonly LinkedList<DispatchMessage> _waiting = new();
    private readonly IReadOnlyList<WorkerSlot> _workers = workers.Count > 0 ? workers : throw new ArgumentOutOfRangeException(nameof(workers), "a manager has at least one worker");

    /// <summary>How many tries a worker holds at most.</summary>
    public int Share { get; } = prefetch < 0 ? throw new ArgumentOutOfRangeException(nameof(prefetch))
        : mpi is not null ? (prefetch > 0 ? 2 : 1)
        : 1 + prefetch / Math.Max(workers.Count, 1);

    /// <summary>Tries held by no worker yet.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Workers holding at least one try.</summary>
    public int Busy
    {
        get
        {
            var busy = 0;
            foreach (var worker in _workers)
                busy += worker.Assigned.Count > 0 ? 1 : 0;
            return busy;
        }
    }

    /// <summary>A try from the interchange joins the end of the line.</summary>
    public void Add(DispatchMessage dispatch) => _waiting.AddLast(dispatch);

    /// <summary>Whether <paramref name="worker"/> would take a try now.</summary>
    public bool HasWorkFor(WorkerSlot worker) => _waiting.Count > 0 && worker.Ready && worker.Assigned.Count < Share;

    /// <summary>Gives the next waiting try to <paramref name="worker"/> if it would take one (see <see cref="HasWorkFor"/>).</summary>
    public bool TryTake(WorkerSlot worker, [NotNullWhen(true)] out DispatchMessage? dispatch)
    {
        if (!HasWorkFor(worker))
        {
            dispatch = null;
            return false;
        }
        if (mpi is null)
        {
            dispatch = _waiting.First!.Value;
            _waiting.RemoveFirst();
            worker.Assigned.AddLast(dispatch);
            return true;
        }
        for (var node = _waiting.First; node is not null;)
        {
            var next = node.Next;
            if (mpi.Impossible(node.Value) is { } reason)
            {
                _waiting.Remove(node);
                refuse?.Invoke(node.Value, reason);
            }
            else if (worker.Assigned.First is { } running)
            {
                // Only the first in line, and only when it cannot start now: an idle worker takes it then.
                if (mpi.FitsNow(node.Value) || mpi.TryPlaceBehind(node.Value, running.Value.DispatchId) is not { } behind)
                    break;
                return Take(node, behind, out dispatch);
            }
            else if (mpi.TryPlace(node.Value) is { } placed)
                return Take(node, placed, out dispatch);
            node = next;
        }
        dispatch = null;
        return false;

        bool Take(LinkedListNode<DispatchMessage> waiting, DispatchMessage placed, out DispatchMessage? taken)
        {
            _waiting.Remove(waiting);
            worker.Assigned.AddLast(placed);
            taken = placed;
            return true;
        }
    }

    /// <summary>Takes a try out of the line (it was cancelled before any worker held it); false if no waiting try has that id.</summary>
    public bool RemoveWaiting(long dispatchId)
    {
        for (var node = _waiting.First; node is not null; node = node.Next)
        {
            if (node.Value.DispatchId != dispatchId)
                continue;
            _waiting.Remove(node);
            return true;
        }
        return false;
    }

    /// <summary>The worker that holds the try, or null.</summary>
    public WorkerSlot? HolderOf(long dispatchId)
    {
        foreach (var worker in _workers)
        {
            foreach (var held in worker.Assigned)
            {
                if (held.DispatchId == dispatchId)
                    return worker;
            }
        }
        return null;
    }

    /// <summary>A try <paramref name="worker"/> finished leaves it; returns the try, or null if the worker does not hold it (a stale report).</summary>
    public DispatchMessage? Finished(WorkerSlot worker, long dispatchId)
    {
        for (var node = worker.Assigned.First; node is not null; node = node.Next)
        {
            if (node.Value.DispatchId != dispatchId)
                continue;
            worker.Assigned.Remove(node);
            mpi?.Release(dispatchId);
            return node.Value;
        }
        return null;
    }

    /// <summary>
    /// <paramref name="worker"/> died: returns the try it ran (lost with it), if it held any, and puts the others it held
    /// back at the front of the line, in order, for the next worker.
    /// </summary>
    public DispatchMessage? WorkerLost(WorkerSlot worker)
    {
        if (worker.Assigned.First is not { } running)
            return null;
        worker.Assigned.RemoveFirst();
        mpi?.Release(running.Value.DispatchId);
        // In MPI mode the tries held behind it lose their places on its nodes too, and go back as they came.
        for (var node = worker.Assigned.Last; node is not null; node = node.Previous)
            _waiting.AddFirst(mpi?.Unplace(node.Value.DispatchId) ?? node.Value);
        worker.Assigned.Clear();
        return running.Value;
    }
}
