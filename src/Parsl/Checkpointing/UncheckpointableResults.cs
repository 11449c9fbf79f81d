using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Parsl.Checkpointing;

/// <summary>Says once per app, in the run's log, that its results stay in memory only: no JSON type information, or writing one failed.</summary>
internal sealed class UncheckpointableResults(ILogger logger)
{
    private readonly ConcurrentDictionary<AppDescriptor, bool> _reported = new();

    public void Report(AppDescriptor app, Type resultType, Exception? failure = null)
    {
        if (!_reported.TryAdd(app, true))
            return;
        if (failure is null)
            logger.LogWarning(
                "Results of {App} ({Type}) are memoized but not checkpointed: no JSON type information. Add [JsonSerializable(typeof({Type}))] to a JsonSerializerContext and list it in ParslConfig.SerializerContexts",
                app.Id, resultType.Name, resultType.Name);
        else
            logger.LogWarning(failure,
                "A result of {App} ({Type}) could not be checkpointed and was delivered without it; later results of this app may be missing from the checkpoint too. " +
                "For non-finite numbers in a JsonSerializerContext of your own, add [JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]",
                app.Id, resultType.Name);
    }
}
