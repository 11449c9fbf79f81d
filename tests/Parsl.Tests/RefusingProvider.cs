using System.Diagnostics;
using Parsl.Providers;

namespace Parsl.Tests;

/// <summary>A local provider whose scheduler refuses the first <paramref name="refusals"/> submissions, as a restarting controller would; records when each came.</summary>
internal sealed class RefusingProvider(int refusals) : IExecutionProvider
{
    private readonly LocalProvider _local = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _submissions;

    public List<TimeSpan> Submissions { get; } = [];

    public string Name => "refusing";

    public ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken)
    {
        lock (Submissions)
            Submissions.Add(_clock.Elapsed);
        if (Interlocked.Increment(ref _submissions) <= refusals)
            throw new BlockSubmissionException("sbatch: error: Batch job submission failed: Socket timed out on send/recv operation (exit code 1)");
        return _local.SubmitAsync(request, cancellationToken);
    }

    public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) =>
        _local.StatusAsync(jobIds, cancellationToken);

    public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => _local.CancelAsync(jobIds, cancellationToken);

    public ValueTask DisposeAsync() => _local.DisposeAsync();
}
