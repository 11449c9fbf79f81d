namespace Parsl.ResumeProbe;

/// <summary>A run whose one bash app sleeps in IMAGE, the default image of its executor, until the run is cancelled:
/// for the test that Ctrl-C leaves no container behind.</summary>
public static partial class ContainerRun
{
    public static async Task RunAsync(string image)
    {
        await using var parsl = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new Parsl.Executors.ThreadPoolExecutor("local", 1) { Container = new ContainerImage(image) }],
        });
        await SleepAsync();
    }

    // Never ends by itself: only the run's cancellation stops it.
    [BashApp("sleep infinity")]
    public static partial BashResult Sleep();
}
