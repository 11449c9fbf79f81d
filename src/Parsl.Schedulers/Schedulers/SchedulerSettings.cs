using Parsl.Channels;

namespace Parsl.Providers;

/// <summary>
/// The settings every batch scheduler shares (<see cref="BatchSchedulerProvider"/>), as one value: give several
/// providers the same ones with <c>new SlurmProvider { Settings = shared, Partition = "gpu" }</c>. The defaults are the
/// providers' own.
/// </summary>
public sealed record SchedulerSettings
{
    /// <inheritdoc cref="BatchSchedulerProvider.Channel"/>
    public IChannel Channel { get; init; } = new LocalChannel();

    /// <inheritdoc cref="BatchSchedulerProvider.Account"/>
    public string? Account { get; init; }

    /// <inheritdoc cref="BatchSchedulerProvider.CoresPerNode"/>
    public int? CoresPerNode { get; init; }

    /// <inheritdoc cref="BatchSchedulerProvider.MemoryPerNodeGb"/>
    public int? MemoryPerNodeGb { get; init; }

    /// <inheritdoc cref="BatchSchedulerProvider.Exclusive"/>
    public bool Exclusive { get; init; }

    /// <inheritdoc cref="BatchSchedulerProvider.SchedulerOptions"/>
    public string? SchedulerOptions { get; init; }

    /// <inheritdoc cref="BatchSchedulerProvider.WorkerInit"/>
    public string? WorkerInit { get; init; }

    /// <inheritdoc cref="BatchSchedulerProvider.WorkingDirectory"/>
    public string? WorkingDirectory { get; init; }

    /// <inheritdoc cref="BatchSchedulerProvider.CommandTimeout"/>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
