using System.Net;

namespace Parsl.Staging;

/// <summary>
/// Downloads <c>http</c> and <c>https</c> files with <see cref="HttpClient"/> (Parsl's <c>HTTPInTaskStaging</c>, run by
/// the workflow): into a temporary file beside the destination, moved into place once complete, so a reader never sees
/// half a file.
/// </summary>
public sealed class HttpStaging : IStagingProvider, IDisposable
{
    private readonly HttpClient _client;

    /// <summary>A provider with its own client.</summary>
    public HttpStaging() : this(new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })) { }

    /// <summary>A provider using <paramref name="client"/> (proxies, certificates, timeouts are the client's).</summary>
    public HttpStaging(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["http", "https"];

    /// <inheritdoc />
    public async Task StageInAsync(DataFile file, string localPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var partial = localPath + ".part";
        try
        {
            using var response = await _client.GetAsync(file.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new StagingException(file, $"{(int)response.StatusCode} {response.ReasonPhrase}");
            await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await response.Content.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            File.Move(partial, localPath, overwrite: true);
        }
        catch (HttpRequestException failure)
        {
            throw new StagingException(file, failure.Message, failure);
        }
        finally
        {
            File.Delete(partial); // gone already after the move; left behind only by a failure
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
