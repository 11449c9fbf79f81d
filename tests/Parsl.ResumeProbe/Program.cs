using Parsl;
using Parsl.ResumeProbe;

// Usage: Parsl.ResumeProbe STEPS [task_exit|dfk_exit [SLOW_FROM]]. Resumes from the latest checkpoint in ./runinfo, if any.
// Or: Parsl.ResumeProbe slow-start submit|executor: loads a config whose start hangs there, for the Ctrl-C tests.
// Or: Parsl.ResumeProbe container bash|code: an app asleep in a container until Ctrl-C, for the Ctrl-C test.
// Or: Parsl.ResumeProbe orphan: a bash app asleep with a child in the background until the probe is killed.
// Or: Parsl.ResumeProbe stubborn awaited|left: a bash app that ignores SIGTERM, so a cancelled run takes seconds to stop.
// Or: Parsl.ResumeProbe monitor STEPS: a run recorded in runinfo/monitoring.db that hangs after its steps, for kill -9.
// Or: Parsl.ResumeProbe frozen N THRESHOLD_S: N three-second bash apps on a high-throughput executor, for processes stopped a while.
// Or: Parsl.ResumeProbe starting TIMEOUT_S SLEEP_S: one task on a block that takes SLEEP_S to start, under a start timeout of TIMEOUT_S.
// Or: Parsl.ResumeProbe unwritable N: N cached tasks checkpointed, logged and monitored, for a run under a file-size limit.
if (args[0] == "monitor")
{
    await MonitoredRun.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
if (args[0] == "unwritable")
{
    await UnwritableRun.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
    return;
}
if (args[0] == "container")
{
    await ContainerRun.RunAsync(args[1]);
    return;
}
if (args[0] == "frozen")
{
    await FrozenRun.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]);
    return;
}
if (args[0] == "starting")
{
    await StartingRun.RunAsync(args[1], args[2]);
    return;
}
if (args[0] == "orphan")
{
    await OrphanRun.RunAsync();
    return;
}
if (args[0] == "stubborn")
{
    await StubbornRun.RunAsync(args[1]);
    return;
}
if (args[0] == "slow-start")
{
    await using var starting = await DataFlowKernel.LoadAsync(SlowStart.Config(args[1]));
    Console.Out.WriteLine("started");
    return;
}
var steps = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
if (args.Length > 2)
    Steps.SlowFrom = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var config = new ParslConfig
{
    Executors = [new Parsl.Executors.ThreadPoolExecutor("local", 2)],
    Checkpoint = args.ElementAtOrDefault(1) == "dfk_exit" ? CheckpointMode.WorkflowExit : CheckpointMode.TaskExit,
    CheckpointFiles = Checkpoints.Latest(),
};
await using var parsl = await DataFlowKernel.LoadAsync(config);

var futures = new AppFuture<long>[steps];
for (var i = 0; i < steps; i++)
{
    var index = i;
    futures[i] = Steps.StepAsync(i);
    // Printed only after the future completes, which (TaskExit) is after the result reached the checkpoint file.
    _ = futures[i].AsTask().ContinueWith(_ => Console.Out.WriteLine($"done {index}"), TaskScheduler.Default);
}
var sum = await Steps.SumAsync(futures);
Console.Out.WriteLine($"result {sum} from-cache {parsl.Counts.FromCache}");
