using Parsl;
using ParslWorkflow;

// --graph: print the workflow's graph (Mermaid), known at compile time, and run nothing.
if (args.Contains("--graph"))
{
    Console.Write(PiEstimate.RunGraph.ToMermaid());
    return;
}

// Every result is checkpointed as its task exits; a rerun takes finished batches from the latest run's checkpoint.
var config = ParslConfig.LocalThreads() with
{
    Checkpoint = CheckpointMode.TaskExit,
    CheckpointFiles = Checkpoints.Latest(),
};
await using var parsl = await DataFlowKernel.LoadAsync(config);

var report = await PiEstimate.Run(batches: 8, samplesPerBatch: 250_000);
Console.Write(File.ReadAllText(report.StdoutPath!));
Console.WriteLine($"{parsl.Counts.FromCache} of {parsl.Counts.Submitted} tasks came from the checkpoint; run directory {Path.GetRelativePath(Environment.CurrentDirectory, parsl.RunDirectory)}");
