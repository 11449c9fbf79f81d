using Parsl.Providers;

namespace Parsl.Bench.Protocol;

/// <summary>A provider whose blocks stay pending for ever: the stand-in managers are the only capacity.</summary>
internal sealed class NoBlocksProvider : IExecutionProvider
{
    public string Name => "none";

    public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(Guid.NewGuid().ToString("N"));

    public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, BlockStatus>>(jobIds.ToDictionary(id => id, _ => new BlockStatus(BlockState.Pending)));

    public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
