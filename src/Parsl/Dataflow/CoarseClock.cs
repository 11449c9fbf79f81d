using System.Runtime.CompilerServices;

namespace Parsl.Dataflow;

/// <summary>
/// The milliseconds task records are stamped with, read as one memory load: a background thread advances the value
/// every <see cref="Period"/> ms while a kernel is loaded, so a stamp is at most that old. <see cref="Environment.TickCount64"/>
/// costs ~15 ns a call in the task path here, and every task reads the clock two or three times, which the bench showed
/// as a fifth of a memo hit. When nobody has read the clock for <see cref="IdleTicks"/> periods (a kernel waiting for
/// hours-long tasks, or loaded in a notebook and idle), the thread parks instead of waking a hundred times a second,
/// and the next read brings the value up to date itself before the thread resumes.
/// </summary>
internal static class CoarseClock
{
    // How often the ticker wakes, in ms: task records need no finer times, and fewer wakes disturb busy workers less.
    private const int Period = 10;
    // Unread this many periods in a row (a second), the ticker parks.
    private const int IdleTicks = 100;
    private static readonly object s_gate = new(); // an object, not a Lock: the parked ticker waits on its monitor
    private static long s_now = Environment.TickCount64;
    // Whether the clock was read since the ticker last advanced it; cleared by each tick, set by the first read after.
    private static bool s_read;
    private static bool s_parked;
    private static int s_users;
    private static Thread? s_ticker;

    /// <summary>The latest tick, in <see cref="Environment.TickCount64"/> milliseconds; at most about <see cref="Period"/> ms old while in use.</summary>
    public static long Now
    {
        get
        {
            if (!Volatile.Read(ref s_read))
                MarkRead();
            return Volatile.Read(ref s_now);
        }
    }

    /// <summary>Whether the ticker is parked for want of readers (for tests).</summary>
    internal static bool IsParked
    {
        get
        {
            lock (s_gate)
                return s_parked;
        }
    }

    /// <summary>Starts the ticker for a kernel (or keeps it running for one more).</summary>
    public static void Acquire()
    {
        lock (s_gate)
        {
            Volatile.Write(ref s_now, Environment.TickCount64);
            s_users++;
            Resume();
            if (s_ticker is not null)
                return;
            s_ticker = new Thread(Tick) { IsBackground = true, Name = "parsl-clock" };
            s_ticker.Start();
        }
    }

    /// <summary>Lets the ticker stop once no kernel uses it.</summary>
    public static void Release()
    {
        lock (s_gate)
        {
            s_users--;
            Monitor.PulseAll(s_gate); // a parked ticker looks again, and ends
        }
    }

    /// <summary>
    /// The first read since the last tick notes that it read. A parked ticker is resumed first, so no reader is handed
    /// a value older than one period: whoever sees the flag set knows the value was brought up to date before it was.
    /// The flag and the park are each written, then the other read, across a full fence, so a read that comes as the
    /// ticker parks is seen by one side or the other (and the value is then at most one period old).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MarkRead()
    {
        if (Volatile.Read(ref s_parked))
        {
            lock (s_gate)
                Resume();
        }
        Volatile.Write(ref s_read, true);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref s_parked))
        {
            lock (s_gate)
                Resume();
        }
    }

    /// <summary>Under <see cref="s_gate"/>: a parked ticker's value made current, and the ticker woken.</summary>
    private static void Resume()
    {
        if (!s_parked)
            return;
        Volatile.Write(ref s_now, Environment.TickCount64);
        Volatile.Write(ref s_parked, false);
        Monitor.PulseAll(s_gate);
    }

    private static void Tick()
    {
        var unread = 0;
        while (true)
        {
            Thread.Sleep(Period);
            Volatile.Write(ref s_now, Environment.TickCount64);
            unread = Volatile.Read(ref s_read) ? 0 : unread + 1;
            Volatile.Write(ref s_read, false);
            lock (s_gate)
            {
                if (s_users > 0 && unread >= IdleTicks)
                {
                    Volatile.Write(ref s_parked, true);
                    Interlocked.MemoryBarrier();
                    if (Volatile.Read(ref s_read))
                        s_parked = false; // read meanwhile: not idle after all
                    while (s_parked && s_users > 0)
                        Monitor.Wait(s_gate);
                    unread = 0;
                }
                if (s_users > 0)
                    continue;
                s_parked = false;
                s_ticker = null;
                return;
            }
        }
    }
}
