using Polly;
using Polly.Retry;

namespace Parsl.Staging;

/// <summary>The retries the built-in providers share: 5 attempts, 0.25 s apart and doubling, with jitter, for the failures each calls temporary.</summary>
internal static class StagingRetries
{
    public static ResiliencePipeline For(PredicateBuilder<object> transient) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = transient,
            MaxRetryAttempts = 4,
            Delay = TimeSpan.FromMilliseconds(250),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();
}
