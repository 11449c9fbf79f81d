using System.Diagnostics;
using Parsl.Executors;

namespace Parsl.Bench;

/// <summary>
/// Runs each try inside <see cref="Submit"/> on the submitting thread, the way that gives a kernel its deepest stacks,
/// and records how deep the stack was when a try arrived (sampled: a stack walk per try would dominate the figure).
/// </summary>
internal sealed class DepthProbeExecutor(string label) : IExecutor
{
    private const int SampleEvery = 1024;
    private long _submitted;

    public string Label { get; } = label;

    /// <summary>The most stack frames seen at a sampled submission.</summary>
    public int DeepestFrames { get; private set; }

    public ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public void Submit(TaskTry taskTry)
    {
        if (Interlocked.Increment(ref _submitted) % SampleEvery == 0)
            DeepestFrames = Math.Max(DeepestFrames, new StackTrace(fNeedFileInfo: false).FrameCount);
        taskTry.RunInProcess();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
