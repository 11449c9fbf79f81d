using Parsl.Executors;
using Parsl.Providers;

namespace Parsl.ResumeProbe;

/// <summary>
/// Start-ups that take as long as the test needs: a worker-process executor whose provider's submission hangs (a slow
/// sbatch), or an executor whose own start hangs. Each says on stdout when it is there, so the Ctrl-C test can
/// interrupt it at exactly that moment; both give up when the kernel cancels them.
/// </summary>
internal static class SlowStart
{
    public static ParslConfig Config(string where) => new()
    {
        Executors = where switch
        {
            "submit" => [new HighThroughputExecutor("htex") { Provider = new HangingProvider() }],
            "executor" => [new HangingExecutor()],
            _ => throw new ArgumentException($"slow-start takes 'submit' or 'executor', not '{where}'"),
        },
    };

    private sealed class HangingProvider : IExecutionProvider
    {
        public string Name => "hanging";

        public async ValueTask<string> SubmitAsync(BlockRequest request, CancellationToken cancellationToken)
        {
            Console.Out.WriteLine("submitting");
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public ValueTask<IReadOnlyDictionary<string, BlockStatus>> StatusAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyDictionary<string, BlockStatus>>(new Dictionary<string, BlockStatus>());

        public ValueTask CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class HangingExecutor : IExecutor
    {
        public string Label => "hanging";

        public async ValueTask StartAsync(ExecutorContext context, CancellationToken cancellationToken)
        {
            Console.Out.WriteLine("starting");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public void Submit(TaskTry taskTry) => taskTry.ReportFailure(new InvalidOperationException("never started"));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
