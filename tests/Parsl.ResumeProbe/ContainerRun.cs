using Parsl.Executors;

namespace Parsl.ResumeProbe;

/// <summary>
/// A run that waits in a container until it is interrupted, for the Ctrl-C test: a bash app sleeping in the test image
/// on threads (<c>bash</c>), or a code app sleeping on a worker that runs inside the image (<c>code</c>). Each writes
/// <c>asleep</c> in the working directory once it sleeps, so the test interrupts (or kills) it at exactly that moment.
/// </summary>
public static partial class ContainerRun
{
    private const string Image = "localhost/parsl-test:2";

    [BashApp("touch asleep && sleep infinity", Image = Image, Executors = ["local"])]
    public static partial BashResult Sleep();

    [App(Executors = ["inside"])]
    public static partial int Nap()
    {
        File.WriteAllText("asleep", "");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    public static async Task RunAsync(string what)
    {
        var config = new ParslConfig
        {
            Executors =
            [
                new ThreadPoolExecutor("local", maxThreads: 1),
                // A short heartbeat: a manager that stops hearing from this process gives up within seconds.
                new HighThroughputExecutor("inside")
                {
                    Container = new ContainerImage(Image), WorkersRunInContainer = true,
                    HeartbeatPeriod = TimeSpan.FromSeconds(1), HeartbeatThreshold = TimeSpan.FromSeconds(5),
                },
            ],
        };
        await using var parsl = await DataFlowKernel.LoadAsync(config);
        if (what == "bash")
            await SleepAsync();
        else if (what == "code")
            await NapAsync();
        else
            throw new ArgumentException($"container takes 'bash' or 'code', not '{what}'");
    }
}
