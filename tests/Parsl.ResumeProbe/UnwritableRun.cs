using Microsoft.Extensions.Logging;
using Parsl;
using Parsl.Monitoring;

namespace Parsl.ResumeProbe;

/// <summary>
/// A run whose files stop taking writes part way, as on a full disk: the test starts it under a file-size limit, so the
/// checkpoint (a kilobyte per result), the debug log and the monitoring database all fail within the first few dozen of
/// its N cached tasks. Prints "done N" once every task completed, then what a manual checkpoint says.
/// </summary>
public static partial class UnwritableRun
{
    [App(Cache = true)]
    public static partial string Payload(int index) => new((char)('a' + (index % 26)), 1024);

    public static async Task RunAsync(int count)
    {
        await using var parsl = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new Parsl.Executors.ThreadPoolExecutor("local", 2)],
            Checkpoint = CheckpointMode.TaskExit,
            LogLevel = LogLevel.Debug,
            Observers = [new MonitoringDatabase()],
        });
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => PayloadAsync(i).AsTask()));
        Console.Out.WriteLine($"done {results.Count(r => r.Length == 1024)}");
        try
        {
            Console.Out.WriteLine($"checkpointed {parsl.Checkpoint()}");
        }
        catch (IOException exception)
        {
            Console.Out.WriteLine($"checkpoint: {exception.Message}");
        }
    }
}
