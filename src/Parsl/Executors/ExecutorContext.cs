using Microsoft.Extensions.Logging;

namespace Parsl.Executors;

/// <summary>What the kernel gives an executor when it starts.</summary>
/// <param name="RunDirectory">This run's directory (e.g. <c>runinfo/003</c>), for logs and scratch files.</param>
/// <param name="LoggerFactory">Where the executor logs.</param>
/// <param name="CancellationToken">Cancelled when the run is cancelled.</param>
public sealed record ExecutorContext(string RunDirectory, ILoggerFactory LoggerFactory, CancellationToken CancellationToken);
