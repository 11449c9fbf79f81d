namespace Parsl.Dashboard;

/// <summary>
/// Why a dashboard did not start, in words the person starting it can act on: the database is missing, is not a Parsl
/// monitoring database or is of another schema version; the address is not loopback and no token was given; or the port
/// is taken.
/// </summary>
public sealed class DashboardStartException : Exception
{
    /// <summary>A dashboard that did not start, and what to do about it.</summary>
    public DashboardStartException(string message) : base(message) { }

    /// <summary>A dashboard that did not start because of <paramref name="inner"/>, and what to do about it.</summary>
    public DashboardStartException(string message, Exception inner) : base(message, inner) { }
}
