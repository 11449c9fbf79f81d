using Microsoft.AspNetCore.Http;

namespace Parsl.Dashboard.Server;

/// <summary>The pages' style sheet and script, read once from the assembly's resources (no file on disk, no CDN).</summary>
internal static class EmbeddedAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["dashboard.css"] = (Load("dashboard.css"), "text/css; charset=utf-8"),
        ["dashboard.js"] = (Load("dashboard.js"), "text/javascript; charset=utf-8"),
    };

    public static async Task ServeAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        if (!Files.TryGetValue(name, out var file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = file.ContentType;
        context.Response.Headers.CacheControl = "no-cache"; // small, and a new version of the tool must not meet an old copy
        await context.Response.Body.WriteAsync(file.Bytes).ConfigureAwait(false);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(EmbeddedAssets).Assembly.GetManifestResourceStream("Parsl.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The resource Parsl.Dashboard.Assets.{name} is missing from Parsl.Dashboard.dll: rebuild it (Parsl.Dashboard.csproj embeds Assets/*).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
