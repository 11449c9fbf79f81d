namespace Parsl.Executors.HighThroughput;

/// <summary>Where the interchange's endpoint listens (port 0: one the system picks) and the largest message it takes.</summary>
internal sealed record EndpointSettings(string Address, int Port, long MaxMessageBytes)
{
    public static EndpointSettings Of(HighThroughputExecutor executor) => new(executor.Address, executor.Port, executor.MaxMessageBytes);

    /// <summary>This machine's loopback, a port the system picks, and the executor's default message limit: for tests and the bench.</summary>
    public static EndpointSettings Loopback { get; } = Of(new HighThroughputExecutor { Address = "127.0.0.1" });
}
