using Parsl.Events;
using Parsl.Staging;

namespace Parsl.Dataflow;

/// <summary>
/// The kernel moving one remote file, once per URL and run: in, to a local copy that the apps reading it wait for like
/// for an input; or out, the local copy an app wrote sent to its URL before the app's output future completes. If it
/// fails, those apps name it ("stage-in https://…/x.dat failed with StagingException: staging https://…/x.dat failed:
/// 404 Not Found") as their root cause. Its result is the local copy's path.
/// </summary>
internal sealed class StagingTask : AppFuture<string>
{
    private readonly DataFlowKernel _kernel;

    private StagingTask(DataFlowKernel kernel, DataFile file, bool isStageOut)
        : base(new AppDescriptor(AppKind.Staging, new() { Id = (isStageOut ? "stage-out " : "stage-in ") + file.Url, ReturnTypeName = "string" }))
    {
        _kernel = kernel;
        File = file;
        IsStageOut = isStageOut;
    }

    /// <summary>Starts fetching <paramref name="file"/> to <paramref name="localPath"/> (or finding the copy there current).</summary>
    public static StagingTask In(DataFlowKernel kernel, IStagingProvider? provider, DataFile file, string localPath)
    {
        var task = new StagingTask(kernel, file, isStageOut: false);
        task.Start(provider, localPath);
        return task;
    }

    /// <summary>Starts sending <paramref name="localPath"/>, written by an app, to <paramref name="file"/>'s URL.</summary>
    public static StagingTask Out(DataFlowKernel kernel, IStagingProvider? provider, DataFile file, string localPath)
    {
        var task = new StagingTask(kernel, file, isStageOut: true);
        kernel.HoldDrain(); // nothing may wait for a last result's upload but the run's end
        task.Start(provider, localPath);
        return task;
    }

    /// <summary>The file being staged.</summary>
    public DataFile File { get; }

    /// <summary>True when the file goes out, false when it comes in.</summary>
    public bool IsStageOut { get; }

    /// <summary>After a stage-in: the version of the copy the provider reported (null when the source gives none).</summary>
    public string? Version { get; private set; }

    private void Start(IStagingProvider? provider, string localPath)
    {
        Publish(IsStageOut ? RunEventKind.StageOutStarted : RunEventKind.StageInStarted, localPath, null, null);
        if (provider is null)
        {
            Finish(localPath, new StagingException(File,
                $"no staging provider {(IsStageOut ? "sends" : "fetches")} '{File.Scheme}' files; add one to ParslConfig.Staging"));
            return;
        }
        _ = RunAsync(provider, localPath);
    }

    private async Task RunAsync(IStagingProvider provider, string localPath)
    {
        var cancellationToken = _kernel.CancellationToken;
        string? note = null;
        try
        {
            await Task.Yield(); // never on the thread of the app that asked
            if (IsStageOut)
                await provider.StageOutAsync(localPath, File, cancellationToken).ConfigureAwait(false);
            else
                note = await StageInAsync(provider, localPath, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            Finish(localPath, cancelled);
            return;
        }
        catch (Exception failure)
        {
            Finish(localPath, failure is StagingException or NotSupportedException ? failure : new StagingException(File, failure.Message, failure));
            return;
        }
        Finish(localPath, null, note);
    }

    /// <summary>Fetches the file unless the copy an earlier run left is current (the index says which version it holds).</summary>
    private async Task<string> StageInAsync(IStagingProvider provider, string localPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(localPath)!);
        var index = _kernel.Staging.Index;
        var cached = index.VersionOf(File.Url, localPath);
        var version = await provider.StageInAsync(File, localPath, cached, cancellationToken).ConfigureAwait(false);
        index.Record(File.Url, localPath, version);
        Version = version;
        return cached is not null && version == cached ? "unchanged since an earlier run: its copy is reused" : "fetched";
    }

    private void Finish(string localPath, Exception? failure, string? note = null)
    {
        // Said before the future completes: the apps waiting on it, and a run that ends as they fail, come after its
        // record (a failed stage-in's end used to miss the monitoring database when the run ended first).
        var state = failure is null ? TaskState.Done : failure is OperationCanceledException ? TaskState.Cancelled : TaskState.Failed;
        Publish(IsStageOut ? RunEventKind.StageOutFinished : RunEventKind.StageInFinished, localPath, failure, note, state);
        if (failure is null)
            TrySetResult(localPath);
        else
            TryFail(state, failure);
        if (IsStageOut)
            _kernel.ReleaseDrain();
    }

    private void Publish(RunEventKind kind, string localPath, Exception? failure, string? note, TaskState? state = null)
    {
        if (_kernel.Observers.Any)
            _kernel.Observers.Publish(new RunEvent
            {
                Kind = kind, UtcTicks = _kernel.NowTicks, App = App, File = File, Where = localPath, State = state ?? State, Exception = failure, Message = note,
            });
    }

    // Apps wait for it; only the kernel's own cancellation stops it.
    private protected override bool TryCancel() => false;

    /// <inheritdoc />
    public override string ToString() => $"{App.Id}: {State}";
}
