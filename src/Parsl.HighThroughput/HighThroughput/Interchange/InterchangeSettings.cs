namespace Parsl.Executors.HighThroughput;

/// <summary>What the interchange needs of its executor's settings: when managers are lost, and how often a try may lose its worker.</summary>
internal sealed record InterchangeSettings(TimeSpan HeartbeatPeriod, TimeSpan HeartbeatThreshold, int WorkerLossRetries)
{
    public static InterchangeSettings Of(HighThroughputExecutor executor) =>
        new(executor.HeartbeatPeriod, executor.HeartbeatThreshold, executor.WorkerLossRetries);
}
