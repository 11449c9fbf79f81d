using Parsl.Executors;

namespace Parsl.ResumeProbe;

/// <summary>
/// A run whose bash app leaves a child in the background and waits for it, for the kill -9 test: the app writes the
/// pids of its shell (<c>shell</c>) and of the child (<c>child</c>), then <c>asleep</c>, in the working directory.
/// </summary>
public static partial class OrphanRun
{
    [BashApp("sleep infinity & echo $! > child && echo $$ > shell && touch asleep && wait")]
    public static partial BashResult Sleep();

    public static async Task RunAsync()
    {
        await using var parsl = await DataFlowKernel.LoadAsync(new ParslConfig { Executors = [new ThreadPoolExecutor("local", maxThreads: 1)] });
        await SleepAsync();
    }
}
