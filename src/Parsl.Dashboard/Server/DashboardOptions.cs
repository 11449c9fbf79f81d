using System.Net;

namespace Parsl.Dashboard;

/// <summary>What a <see cref="DashboardServer"/> serves and where.</summary>
public sealed class DashboardOptions
{
    /// <summary>The monitoring database to serve (a run's <c>runinfo/monitoring.db</c>), opened read-only.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The TCP port; 0 (the default) for a free one, which <see cref="DashboardServer.Url"/> then tells.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The address to listen on: loopback (127.0.0.1) by default, so only this machine's users reach it. Any other
    /// address needs a <see cref="Token"/>: the pages show task arguments' exceptions and output files.
    /// </summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// A secret every request must carry: <c>?token=…</c> in the first URL (then kept in a cookie), or an
    /// <c>Authorization: Bearer …</c> header. Required off loopback; optional on it. Null for none.
    /// </summary>
    public string? Token { get; init; }
}
