using System.Collections;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The dispatch policy: which connected manager gets the next batch of tries. Round robin over the managers with a
/// free slot, starting after the one served last, so tries spread evenly over managers rather than filling the first
/// one's prefetch while the others idle. A plain object of the interchange's thread, with no I/O, tested on its own.
/// </summary>
internal sealed class ManagerRotation : IEnumerable<ManagerState>
{
    private readonly List<ManagerState> _managers = [];
    private int _next;

    public int Count => _managers.Count;

    public void Add(ManagerState manager) => _managers.Add(manager);

    /// <summary>Takes a manager out; the turn stays with the manager that was next.</summary>
    public void Remove(ManagerState manager)
    {
        var index = _managers.IndexOf(manager);
        if (index < 0)
            return;
        _managers.RemoveAt(index);
        if (index < _next)
            _next--;
        if (_next >= _managers.Count)
            _next = 0;
    }

    /// <summary>The next manager in turn with a free slot, or null when every one is full; its turn is then over.</summary>
    public ManagerState? NextWithRoom()
    {
        for (var i = 0; i < _managers.Count; i++)
        {
            var manager = _managers[(_next + i) % _managers.Count];
            if (manager.Free > 0)
            {
                _next = (_next + i + 1) % _managers.Count;
                return manager;
            }
        }
        return null;
    }

    public IEnumerator<ManagerState> GetEnumerator() => _managers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
