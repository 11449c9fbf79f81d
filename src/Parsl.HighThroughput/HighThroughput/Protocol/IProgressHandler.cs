namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>What a reader of a <see cref="ProgressMessage"/> does with each start and each outcome.</summary>
internal interface IProgressHandler
{
    /// <summary>A try that started <paramref name="ago"/> before its message was written.</summary>
    void Started(long dispatchId, TimeSpan ago);

    /// <summary>An outcome, still encoded (<see cref="Outcome.Read"/> reads it); valid during the call only.</summary>
    void Ended(long dispatchId, ReadOnlySpan<byte> outcome);
}
