using Parsl.Executors;

namespace Parsl.ResumeProbe;

/// <summary>
/// A run whose bash app ignores SIGTERM, for the tests of a signal during the shutdown: its cancellation has to wait for
/// the SIGKILL that follows the grace period, so the run is still shutting down seconds after the first signal. The app
/// writes <c>asleep</c> in the working directory once it ignores SIGTERM. <c>awaited</c>: the script awaits the app;
/// <c>left</c>: the script leaves it running and ends, so the kernel's disposal waits for it, after writing
/// <c>disposing</c>.
/// </summary>
public static partial class StubbornRun
{
    [BashApp("trap '' TERM && touch asleep && sleep 300")]
    public static partial BashResult Sleep();

    public static async Task RunAsync(string how)
    {
        await using var parsl = await DataFlowKernel.LoadAsync(new ParslConfig { Executors = [new ThreadPoolExecutor("local", maxThreads: 1)] });
        var sleeping = SleepAsync();
        if (how == "awaited")
        {
            await sleeping;
            return;
        }
        while (!File.Exists("asleep"))
            await Task.Delay(10);
        File.WriteAllText("disposing", "");
    }
}
