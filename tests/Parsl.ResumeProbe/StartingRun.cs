using System.Globalization;
using Parsl.Executors;
using Parsl.Scaling;

namespace Parsl.ResumeProbe;

/// <summary>
/// A run whose one block takes a while to start (its <c>worker_init</c> writes <c>block-running</c> and then sleeps
/// for SLEEP_S seconds) under a block start timeout of TIMEOUT_S, for the test of a workflow stopped while its block
/// starts. Prints the one task's outcome, then <c>done</c>.
/// </summary>
public static partial class StartingRun
{
    [BashApp("echo ok")]
    public static partial BashResult Hello();

    public static async Task RunAsync(string timeoutSeconds, string sleepSeconds)
    {
        await using var parsl = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors =
            [
                new HighThroughputExecutor("htex")
                {
                    MaxWorkersPerNode = 1,
                    BlockStartTimeout = TimeSpan.FromSeconds(double.Parse(timeoutSeconds, CultureInfo.InvariantCulture)),
                    WorkerInit = $"touch block-running && sleep {sleepSeconds}",
                    ScalingInterval = TimeSpan.FromMilliseconds(100),
                    Scaling = new BlockScaling { InitBlocks = 1, MinBlocks = 0, MaxBlocks = 2 },
                },
            ],
        });
        try
        {
            await HelloAsync();
            Console.Out.WriteLine("hello: ok");
        }
        catch (Exception exception)
        {
            Console.Out.WriteLine($"hello: {exception.GetType().Name}: {exception.Message}");
        }
        Console.Out.WriteLine("done");
    }
}
