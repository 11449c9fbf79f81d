using System.Runtime.InteropServices;

namespace Parsl.Processes;

/// <summary>
/// Keeps a long command's captured stderr from filling the temporary folder: while a capture file is live, once a second
/// everything but its last <see cref="Kept"/> bytes is given back to the file system when it has grown by more than
/// <see cref="Limit"/> (a hole punched at its start; its size and its tail, which the error quotes, are unchanged). A tool
/// that writes gigabytes to stderr over hours used to fill <c>$TMPDIR</c> while it ran. Linux only (elsewhere a no-op);
/// the timer runs only while some capture is live.
/// </summary>
internal static partial class CaptureCap
{
    /// <summary>How far a capture file may grow before its start is given back.</summary>
    public const long Limit = 16L << 20;

    /// <summary>What stays of it: far more than the 20 lines an error quotes.</summary>
    public const long Kept = 1L << 20;

    private const int PunchHole = 0x02, KeepSize = 0x01; // FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(1);
    private static readonly Dictionary<string, long> s_live = []; // path → bytes given back so far
    private static Timer? s_timer;

    /// <summary>Caps <paramref name="path"/> until the returned handle is disposed (its command ended); null off Linux.</summary>
    public static IDisposable? Watch(string path)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        lock (s_live)
        {
            s_live[path] = 0;
            // One timer, stopped rather than disposed when nothing is live: short commands come and go by the thousand.
            s_timer ??= new Timer(static _ => Check());
            if (s_live.Count == 1)
                s_timer.Change(s_period, s_period);
        }
        return new Live(path);
    }

    private static void Check()
    {
        KeyValuePair<string, long>[] live;
        lock (s_live)
            live = [.. s_live];
        foreach (var (path, released) in live)
        {
            if (Release(path, released) is { } now)
            {
                lock (s_live)
                {
                    if (s_live.ContainsKey(path))
                        s_live[path] = now;
                }
            }
        }
    }

    // The new start of what is kept, when the file grew by more than the limit since; null when nothing was released.
    private static long? Release(string path, long released)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            var upTo = (file.Length - Kept) & ~4095L; // whole blocks
            if (upTo - released <= Limit)
                return null;
            return fallocate((int)file.SafeFileHandle.DangerousGetHandle(), PunchHole | KeepSize, 0, upTo) == 0 ? upTo : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // the command ended and its capture went, or the file system cannot punch holes: nothing to hold
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fallocate(int descriptor, int mode, long offset, long length);

    private sealed class Live(string path) : IDisposable
    {
        public void Dispose()
        {
            lock (s_live)
            {
                if (s_live.Remove(path) && s_live.Count == 0)
                    s_timer?.Change(Timeout.Infinite, Timeout.Infinite);
            }
        }
    }
}
