using Microsoft.Extensions.Hosting;

namespace Parsl.Dashboard.Server;

/// <summary>A host lifetime that leaves Ctrl-C and SIGTERM alone: they belong to the workflow's kernel (or the tool's own handler), and the dashboard stops when disposed.</summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
