using Parsl.Staging;

namespace Parsl.Dataflow;

/// <summary>
/// The kernel fetching one remote file to this machine, once per URL and run: the apps that read it wait for it like
/// for an input, and if it fails they are not run and name it ("stage-in https://…/x.dat failed with StagingException:
/// staging https://…/x.dat failed: 404 Not Found") as their root cause. Its result is the local copy's path.
/// </summary>
internal sealed class StagingTask : AppFuture<string>
{
    public StagingTask(DataFile file, IStagingProvider? provider, string localPath, CancellationToken cancellationToken)
        : base(new AppDescriptor(AppKind.Staging, new() { Id = "stage-in " + file.Url, ReturnTypeName = "string" }))
    {
        File = file;
        if (provider is null)
        {
            TryFail(TaskState.Failed, new StagingException(file, $"no staging provider fetches '{file.Scheme}' files; add one to ParslConfig.Staging"));
            return;
        }
        _ = RunAsync(provider, localPath, cancellationToken);
    }

    /// <summary>The file being staged.</summary>
    public DataFile File { get; }

    private async Task RunAsync(IStagingProvider provider, string localPath, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield(); // never on the thread of the app that asked
            Directory.CreateDirectory(Path.GetDirectoryName(localPath)!);
            await provider.StageInAsync(File, localPath, cancellationToken).ConfigureAwait(false);
            TrySetResult(localPath);
        }
        catch (OperationCanceledException cancelled) when (cancellationToken.IsCancellationRequested)
        {
            TryFail(TaskState.Cancelled, cancelled);
        }
        catch (Exception failure)
        {
            TryFail(TaskState.Failed, failure is StagingException ? failure : new StagingException(File, failure.Message, failure));
        }
    }

    // Apps wait for it; only the kernel's own cancellation stops it.
    private protected override bool TryCancel() => false;

    /// <inheritdoc />
    public override string ToString() => $"{App.Id}: {State}";
}
