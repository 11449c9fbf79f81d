using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Parsl.Dashboard.Server;

/// <summary>
/// Lets a request in only with the dashboard's token: as <c>?token=</c> (then set as a cookie, so the pages' own links
/// work), as that cookie, or as <c>Authorization: Bearer</c>. Compared in constant time. The cookie is named after the
/// port: browsers keep cookies per host, not per port, and two dashboards on one machine have two tokens.
/// </summary>
internal sealed class TokenGate(string token)
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var fromQuery = context.Request.Query["token"].ToString();
        var cookieName = "parsl-dashboard-token-" + context.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var fromCookie = context.Request.Cookies[cookieName];
        var header = context.Request.Headers.Authorization.ToString();
        var fromHeader = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (Matches(fromQuery))
        {
            context.Response.Cookies.Append(cookieName, fromQuery, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
            await next(context).ConfigureAwait(false);
        }
        else if (Matches(fromCookie) || Matches(fromHeader))
            await next(context).ConfigureAwait(false);
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(
                "This Parsl dashboard needs its token: open the URL parsl-dashboard printed (it ends in ?token=…), or send the header Authorization: Bearer <token>.\n").ConfigureAwait(false);
        }
    }

    private bool Matches(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);
}
