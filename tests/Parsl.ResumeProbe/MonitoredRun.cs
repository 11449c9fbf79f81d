using Parsl;
using Parsl.Monitoring;

namespace Parsl.ResumeProbe;

/// <summary>
/// A run recorded in the monitoring database that the kill test ends with SIGKILL: N steps finish, "steps done" is
/// printed, then one app runs until the process is killed.
/// </summary>
public static partial class MonitoredRun
{
    public static async Task RunAsync(int steps)
    {
        await using var parsl = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new Parsl.Executors.ThreadPoolExecutor("local", 2)],
            Observers = [new MonitoringDatabase()],
        });
        var futures = Enumerable.Range(0, steps).Select(i => Steps.StepAsync(i)).ToArray();
        foreach (var future in futures)
            await future;
        Console.Out.WriteLine("steps done");
        await HangAsync();
    }

    [App]
    public static partial long Hang()
    {
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
