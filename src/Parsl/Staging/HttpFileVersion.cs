using System.Globalization;
using System.Net.Http.Headers;

namespace Parsl.Staging;

/// <summary>
/// What an HTTP server says about a file's content: its size, its <c>Last-Modified</c> date and its <c>ETag</c>, as
/// one string (<c>size=…;modified=…;etag=…</c>, the ETag last since it may hold anything) that the kernel stores beside
/// the copy and keys cached apps by.
/// </summary>
internal sealed record HttpFileVersion(long? Size, DateTimeOffset? Modified, EntityTagHeaderValue? ETag)
{
    /// <summary>Whether the server gave anything that tells one content from another.</summary>
    public bool IsKnown => ETag is not null || Modified is not null;

    /// <summary>Whether this and <paramref name="other"/> are surely the same content: an equal strong ETag, or with no
    /// ETag an equal date; and never a different size.</summary>
    public bool SameContentAs(HttpFileVersion other) =>
        (Size is null || other.Size is null || Size == other.Size)
        && (ETag is { IsWeak: false } && other.ETag is { IsWeak: false } ? ETag.Tag == other.ETag.Tag
            : ETag is null && other.ETag is null && Modified is not null && Modified == other.Modified);

    /// <summary>The version of a response's file: for a partial response, of the whole file.</summary>
    public static HttpFileVersion Of(HttpResponseMessage response) => new(
        response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength,
        response.Content.Headers.LastModified,
        response.Headers.ETag);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"size={Size};modified={Modified?.ToUnixTimeSeconds()};etag={ETag}");

    public static HttpFileVersion? Parse(string? text)
    {
        if (text is null || !text.StartsWith("size=", StringComparison.Ordinal))
            return null;
        var parts = text.Split(';', 3);
        if (parts.Length != 3)
            return null;
        var size = long.TryParse(parts[0]["size=".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : (long?)null;
        var modified = long.TryParse(parts[1].AsSpan("modified=".Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        var etag = parts[2].Length > "etag=".Length && EntityTagHeaderValue.TryParse(parts[2]["etag=".Length..], out var tag) ? tag : null;
        return new HttpFileVersion(size, modified, etag);
    }
}
