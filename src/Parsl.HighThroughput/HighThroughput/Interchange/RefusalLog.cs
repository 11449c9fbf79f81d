using Microsoft.Extensions.Logging;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Logs the peers an interchange turns away, at most one line per kind of refusal a second: a port scan or a
/// misconfigured peer must not flood the log, yet a stranger's dropped connection must not hide an impostor's refused
/// registration a moment later. What a second held back is reported by the next line of its kind, or by
/// <see cref="Flush"/>. Safe from any thread (transports report from their own).
/// </summary>
internal sealed class RefusalLog(string label, ILogger logger)
{
    private const long IntervalMilliseconds = 1000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long LastLogged, int HeldBack)> _kinds = new(StringComparer.Ordinal);

    /// <summary>Counts and maybe logs one refusal; <paramref name="kind"/> is fixed text, <paramref name="detail"/> what varies.</summary>
    public void Refused(string kind, string? detail = null)
    {
        HtexMetrics.ConnectionsRefused.Add(1);
        var now = Environment.TickCount64;
        int heldBack;
        lock (_lock)
        {
            _kinds.TryGetValue(kind, out var state);
            if (state.LastLogged != 0 && now - state.LastLogged < IntervalMilliseconds)
            {
                _kinds[kind] = state with { HeldBack = state.HeldBack + 1 };
                return;
            }
            heldBack = state.HeldBack;
            _kinds[kind] = (now, 0);
        }
        Log(kind + (detail is null ? "" : ": " + detail), heldBack);
    }

    /// <summary>Reports refusals held back for longer than the interval, so none goes unreported when no other of its kind follows.</summary>
    public void Flush()
    {
        var now = Environment.TickCount64;
        List<(string Kind, int HeldBack)> due = [];
        lock (_lock)
        {
            foreach (var (kind, state) in _kinds)
            {
                if (state.HeldBack > 0 && now - state.LastLogged >= IntervalMilliseconds)
                    due.Add((kind, state.HeldBack));
            }
            foreach (var (kind, _) in due)
                _kinds[kind] = (now, 0);
        }
        foreach (var (kind, heldBack) in due)
            logger.LogWarning("Executor {Label}: refused {Count} more: {What}", label, heldBack, kind);
    }

    private void Log(string what, int heldBack) =>
        logger.LogWarning("Executor {Label}: refused {What}{More}", label, what, heldBack > 0 ? $" (and {heldBack} more like it in the last second)" : "");
}
