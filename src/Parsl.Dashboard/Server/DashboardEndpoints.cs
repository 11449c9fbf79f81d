using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Parsl.Dashboard.Data;
using Parsl.Dashboard.Pages;

namespace Parsl.Dashboard.Server;

/// <summary>The dashboard's routes: each opens a read-only connection, renders, and answers with HTML or JSON.</summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, RunDatabase database, RunSectionsCache cache)
    {
        routes.MapGet("/", context => Html(context, () => RunsPage.Render(database)));
        routes.MapGet("/runs/{run}", context => WithRun(context, database, async (connection, run) =>
        {
            if (run.Id != (string)context.Request.RouteValues["run"]!)
            {
                await Redirect(context, "/runs/" + run.Id).ConfigureAwait(false);
                return;
            }
            var clock = Stopwatch.StartNew();
            var (sections, cached) = await cache.GetAsync(database, run).ConfigureAwait(false);
            var got = clock.Elapsed;
            var page = RunPage.Render(database.Path, connection, run, sections, new RunPage.TableQuery(
                NonEmpty(context.Request.Query["app"]), NonEmpty(context.Request.Query["state"]),
                int.TryParse(context.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 1));
            // Where the server's time went, for the browser's developer tools (and the performance test).
            context.Response.Headers["Server-Timing"] = cached
                ? string.Create(CultureInfo.InvariantCulture, $"cached;dur={got.TotalMilliseconds:0.#}, page;dur={(clock.Elapsed - got).TotalMilliseconds:0.#}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"db;dur={sections.Cost.Database.TotalMilliseconds:0.#}, charts;dur={sections.Cost.Render.TotalMilliseconds:0.#}, page;dur={(clock.Elapsed - got).TotalMilliseconds:0.#}");
            await Html(context, () => page).ConfigureAwait(false);
        }));
        routes.MapGet("/runs/{run}/live", context => WithRun(context, database, async (connection, run) =>
        {
            var clock = Stopwatch.StartNew();
            var payload = LivePayload.Render(run, (await cache.GetAsync(database, run).ConfigureAwait(false)).Sections, clock);
            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.Body.WriteAsync(payload).ConfigureAwait(false);
        }));
        routes.MapGet("/runs/{run}/blocks", context => WithRun(context, database, (connection, run) =>
            Html(context, () => BlocksPage.Render(database.Path, connection, run))));
        routes.MapGet("/runs/{run}/tasks/{task}", context => WithRun(context, database, (connection, run) =>
        {
            var id = context.Request.RouteValues["task"] as string;
            if (!long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var task) || TaskDetail.Load(connection, run.Id, task) is not { } detail)
                return NotFound(context, $"Run {run.Id} has no task {id}: its page lists the tasks it has.");
            return Html(context, () => TaskPage.Render(database.Path, run, detail));
        }));
        routes.MapGet("/assets/{name}", EmbeddedAssets.ServeAsync);
    }

    /// <summary>Headers every answer carries: nothing may load from elsewhere, nothing may frame the pages, no referrer leaves.</summary>
    public static async Task SecureAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// A page that fails says why on the page (the dashboard has no log of its own): a database that changed under it, a
    /// file that is not what it was. The message is the exception's; the pages are the owner's, so nothing is hidden.
    /// </summary>
    public static async Task ReportFailuresAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException or IOException or FormatException && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await Html(context, () => Layout.Page("Failed", "", [], new HtmlWriter().Add($"""
                <h1>This page failed</h1><p class="empty">{exception.GetType().Name}: {exception.Message}</p>
                <p class="empty">Reload to try again; if it fails again, the database may be damaged or of another Parsl version.</p>
                """).ToString())).ConfigureAwait(false);
        }
    }

    private static async Task WithRun(HttpContext context, RunDatabase database, Func<SqliteConnection, RunRecord, Task> answer)
    {
        var id = (string)context.Request.RouteValues["run"]!;
        using var connection = database.Connect();
        if (RunRecord.Find(connection, id) is not { } run)
        {
            await NotFound(context, id == "latest"
                ? $"{database.Path} holds no run yet: a run appears here once it has started."
                : $"{database.Path} has no run {id}: the runs page lists those it holds.").ConfigureAwait(false);
            return;
        }
        await answer(connection, run).ConfigureAwait(false);
    }

    private static Task Html(HttpContext context, Func<string> render)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store"; // a live run's pages change at every batch
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(render())).AsTask();
    }

    private static Task Redirect(HttpContext context, string location)
    {
        context.Response.Redirect(location + context.Request.QueryString);
        return Task.CompletedTask;
    }

    private static Task NotFound(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Html(context, () => Layout.Page("Not found", "", [], new HtmlWriter().Add($"""<h1>Not found</h1><p class="empty">{message}</p>""").ToString()));
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) => string.IsNullOrEmpty(value) ? null : value.ToString();
}
