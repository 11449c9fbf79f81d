using System.Collections.Concurrent;
using Polly;
using Polly.Retry;

namespace Parsl;

/// <summary>
/// One Polly retry pipeline per app, built from the app's budget and the config's handler. The per-task state (the
/// cost so far and every attempt's exception) travels in the Polly context, so a pipeline is shared by all tasks.
/// </summary>
internal sealed class RetryPipelines(int defaultRetries, Func<RetryContext, RetryDecision>? handler)
{
    private static readonly ResiliencePropertyKey<AttemptLog> s_log = new("parsl.attempts");
    private readonly ConcurrentDictionary<AppDescriptor, ResiliencePipeline?> _pipelines = new();

    /// <summary>The pipeline for an app, or null when it has no retries (the common, zero-overhead case).</summary>
    public ResiliencePipeline? For(AppDescriptor app) => _pipelines.GetOrAdd(app, Build);

    private ResiliencePipeline? Build(AppDescriptor app)
    {
        var budget = app.Retries ?? defaultRetries;
        if (budget <= 0)
            return null;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue, // the cost budget decides, as in Parsl
                Delay = TimeSpan.Zero,
                BackoffType = DelayBackoffType.Constant,
                ShouldHandle = arguments =>
                {
                    if (arguments.Outcome.Exception is not { } exception
                        || (exception is OperationCanceledException && arguments.Context.CancellationToken.IsCancellationRequested))
                        return ValueTask.FromResult(false);
                    var log = arguments.Context.Properties.GetValue(s_log, null!);
                    log.Attempts.Add(exception);
                    var decision = handler?.Invoke(new RetryContext(app, log.TaskId, log.Attempts.Count, exception, log.Cost)) ?? RetryDecision.Default;
                    log.Cost += decision.Cost;
                    log.NextDelay = decision.Delay;
                    return ValueTask.FromResult(log.Cost <= budget);
                },
                DelayGenerator = arguments => ValueTask.FromResult<TimeSpan?>(arguments.Context.Properties.GetValue(s_log, null!).NextDelay),
            })
            .Build();
    }

    /// <summary>Runs <paramref name="attempt"/> under the pipeline; after the last failure throws <see cref="RetriesExhaustedException"/>.</summary>
    public static T Execute<T, TState>(ResiliencePipeline pipeline, AppDescriptor app, long taskId, TState state,
        Func<TState, CancellationToken, T> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var log = new AttemptLog(taskId);
        context.Properties.Set(s_log, log);
        try
        {
            return pipeline.Execute(static (context, s) => s.attempt(s.state, context.CancellationToken), context, (attempt, state));
        }
        catch (Exception exception) when (log.Attempts.Count > 0 && exception is not OperationCanceledException)
        {
            if (!ReferenceEquals(log.Attempts[^1], exception))
                log.Attempts.Add(exception);
            throw new RetriesExhaustedException(app, taskId, log.Attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private sealed class AttemptLog(long taskId)
    {
        public long TaskId { get; } = taskId;
        public List<Exception> Attempts { get; } = [];
        public double Cost { get; set; }
        public TimeSpan NextDelay { get; set; }
    }
}
