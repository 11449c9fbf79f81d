using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Parsl.Tests;

/// <summary>A real HTTP server (Kestrel) on a free loopback port, serving files from memory and counting requests.</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalHttpServer(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Paths the server accepts and never answers, as a stopped server would.</summary>
    public ConcurrentDictionary<string, bool> Silent { get; } = new(StringComparer.Ordinal);

    public string BaseUrl => _app.Urls.First();

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LocalHttpServer(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            server.Requests.AddOrUpdate(path, 1, (_, count) => count + 1);
            if (server.Silent.ContainsKey(path))
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
            }
            if (!server.Files.TryGetValue(path, out var content))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Response.ContentLength = content.Length;
            await context.Response.Body.WriteAsync(content);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
