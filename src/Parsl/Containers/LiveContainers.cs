using System.Collections.Concurrent;

namespace Parsl.Containers;

/// <summary>
/// The containers this process has started and not yet seen removed. A run ended by Ctrl-C exits once its grace period
/// is over, possibly while a try is still stopping its container: as the process exits, whatever is left here is removed,
/// because the runtime would keep it running without its client.
/// </summary>
internal static class LiveContainers
{
    private static readonly ConcurrentDictionary<string, (string Runtime, ContainerCommand Container)> s_live = new(StringComparer.Ordinal);
    private static int s_hooked;

    /// <summary>Records a container about to start; disposing the result forgets it (after it was removed).</summary>
    public static Registration Add(string runtime, ContainerCommand container)
    {
        if (container.Remove() is null || container.Name is not { } name)
            return default;
        if (Interlocked.Exchange(ref s_hooked, 1) == 0)
            AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveAll();
        s_live[name] = (runtime, container);
        return new Registration(name);
    }

    private static void RemoveAll()
    {
        foreach (var (_, (runtime, container)) in s_live)
            ContainerCleanup.Remove(runtime, container);
        s_live.Clear();
    }

    public readonly struct Registration(string? name) : IDisposable
    {
        public void Dispose()
        {
            if (name is not null)
                s_live.TryRemove(name, out _);
        }
    }
}
