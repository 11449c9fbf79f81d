namespace Parsl.Dataflow;

/// <summary>
/// The milliseconds task records are stamped with, read as one memory load: a background thread advances the value
/// every <see cref="Period"/> ms while a kernel is loaded, so a stamp is at most that old. <see cref="Environment.TickCount64"/>
/// costs ~15 ns a call in the task path here, and every task reads the clock two or three times, which the bench showed
/// as a fifth of a memo hit.
/// </summary>
internal static class CoarseClock
{
    // How often the ticker wakes, in ms: task records need no finer times, and fewer wakes disturb busy workers less.
    private const int Period = 10;
    private static readonly Lock s_gate = new();
    private static long s_now = Environment.TickCount64;
    private static int s_users;
    private static Thread? s_ticker;

    /// <summary>The latest tick, in <see cref="Environment.TickCount64"/> milliseconds; at most about <see cref="Period"/> ms old while in use.</summary>
    public static long Now => Volatile.Read(ref s_now);

    /// <summary>Starts the ticker for a kernel (or keeps it running for one more).</summary>
    public static void Acquire()
    {
        lock (s_gate)
        {
            Volatile.Write(ref s_now, Environment.TickCount64);
            s_users++;
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
            s_users--;
    }

    private static void Tick()
    {
        while (true)
        {
            Thread.Sleep(Period);
            Volatile.Write(ref s_now, Environment.TickCount64);
            lock (s_gate)
            {
                if (s_users > 0)
                    continue;
                s_ticker = null;
                return;
            }
        }
    }
}
