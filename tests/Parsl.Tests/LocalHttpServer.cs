using System.Collections.Concurrent;
using System.IO.Hashing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Parsl.Tests;

/// <summary>
/// A real HTTP server (Kestrel) on a free loopback port, serving files from memory with ETags, ranges and conditional
/// requests (ASP.NET Core's own handling), counting requests and body bytes, and misbehaving on request.
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHttpServer(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Body bytes sent per path, over all requests: what a client fetched.</summary>
    public ConcurrentDictionary<string, long> BytesSent { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>Range</c> headers of requests, per path, in order ("" for a request without one).</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> RangesAsked { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths the server accepts and never answers, as a stopped server would.</summary>
    public ConcurrentDictionary<string, bool> Silent { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths whose next response is cut (the connection aborted) after this many body bytes.</summary>
    public ConcurrentDictionary<string, int> CutAfter { get; } = new(StringComparer.Ordinal);

    /// <summary>For a path in <see cref="CutAfter"/>: what the server waits for between sending the bytes and cutting.</summary>
    public ConcurrentDictionary<string, Task> CutWhen { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths answered with this status for the next <c>Count</c> requests.</summary>
    public ConcurrentDictionary<string, (int Status, int Count)> FailNext { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the server honours <c>Range</c> requests (and says <c>Accept-Ranges</c>).</summary>
    public bool Ranges { get; set; } = true;

    public string BaseUrl => _app.Urls.First();

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LocalHttpServer(app);
        app.Run(server.ServeAsync);
        await app.StartAsync();
        return server;
    }

    private async Task ServeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        Requests.AddOrUpdate(path, 1, (_, count) => count + 1);
        RangesAsked.GetOrAdd(path, _ => new()).Enqueue(context.Request.Headers.Range.ToString());
        if (Silent.ContainsKey(path))
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
            return;
        }
        if (FailNext.TryGetValue(path, out var failure) && failure.Count > 0)
        {
            FailNext[path] = (failure.Status, failure.Count - 1);
            context.Response.StatusCode = failure.Status;
            return;
        }
        if (!Files.TryGetValue(path, out var content))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(XxHash64.Hash(content))}\"");
        if (CutAfter.TryRemove(path, out var cut))
        {
            context.Response.ContentLength = content.Length;
            context.Response.Headers.ETag = etag.ToString();
            await context.Response.Body.WriteAsync(content.AsMemory(0, cut));
            await context.Response.Body.FlushAsync();
            BytesSent.AddOrUpdate(path, cut, (_, sent) => sent + cut);
            if (CutWhen.TryGetValue(path, out var when))
                await when;
            context.Abort();
            return;
        }
        await Results.Bytes(content, "application/octet-stream", enableRangeProcessing: Ranges, entityTag: etag).ExecuteAsync(context);
        if (context.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent)
            BytesSent.AddOrUpdate(path, context.Response.ContentLength ?? 0, (_, sent) => sent + (context.Response.ContentLength ?? 0));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
