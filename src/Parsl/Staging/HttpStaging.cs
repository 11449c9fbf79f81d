using System.Net;
using System.Net.Http.Headers;
using Polly;

namespace Parsl.Staging;

/// <summary>
/// Downloads <c>http</c> and <c>https</c> files with <see cref="HttpClient"/> (Parsl's <c>HTTPInTaskStaging</c>, run by
/// the workflow). Into a temporary file beside the destination, moved into place once complete, so a reader never sees
/// half a file; a connection cut or a server error is retried through <see cref="Retries"/>, and a cut download goes on
/// from where it stopped (<c>Range</c>, guarded by <c>If-Range</c>) when the server allows it. A copy from an earlier
/// run is reused when the server says it is unchanged (<c>304 Not Modified</c>, or the same ETag and size).
/// </summary>
public sealed class HttpStaging : IStagingProvider, IDisposable
{
    private readonly HttpClient _client;

    /// <summary>A provider with its own client.</summary>
    public HttpStaging() : this(new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, MaxConnectionsPerServer = 16 })) { }

    /// <summary>A provider using <paramref name="client"/> (proxies, certificates, timeouts are the client's).</summary>
    public HttpStaging(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>
    /// How a failed attempt is retried: by default up to 5 attempts, 0.25 s apart and doubling, with jitter, for a
    /// connection that failed or was cut, a timeout, and the statuses that say "try again" (408, 429, 500, 502, 503, 504).
    /// Any other status (404, 403) fails at once.
    /// </summary>
    public ResiliencePipeline Retries { get; init; } = DefaultRetries;

    /// <summary>The retries every provider gets unless it is given its own <see cref="Retries"/>.</summary>
    public static ResiliencePipeline DefaultRetries { get; } =
        StagingRetries.For(new PredicateBuilder().Handle<HttpRequestException>(IsTransient).Handle<HttpIOException>().Handle<TimeoutException>());

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["http", "https"];

    /// <inheritdoc />
    public StagingModes Modes => StagingModes.InWorkflow | StagingModes.OnWorker;

    /// <inheritdoc />
    public async Task<string?> StageInAsync(DataFile file, string localPath, string? cachedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        // A name of this process's own: two workflows sharing a staging folder may fetch one URL at once.
        var download = new Download(file, $"{localPath}.{Environment.ProcessId}.part", HttpFileVersion.Parse(cachedVersion), cachedVersion);
        try
        {
            var version = await Retries.ExecuteAsync(
                static (state, token) => new ValueTask<string?>(state.self.AttemptAsync(state.download, token)),
                (self: this, download), cancellationToken).ConfigureAwait(false);
            if (!download.Reused)
                File.Move(download.PartialPath, localPath, overwrite: true);
            return version;
        }
        catch (HttpRequestException failure)
        {
            throw new StagingException(file, failure.Message, failure);
        }
        catch (Exception failure) when (failure is HttpIOException or TimeoutException)
        {
            throw new StagingException(file, failure.Message, failure);
        }
        finally
        {
            File.Delete(download.PartialPath); // gone already after the move; left behind only by a failure
        }
    }

    /// <summary>One try: the whole file, the rest of it after a cut, or nothing when the cached copy is current.</summary>
    private async Task<string?> AttemptAsync(Download download, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, download.File.Url);
        var have = download.Resumable is not null && File.Exists(download.PartialPath) ? new FileInfo(download.PartialPath).Length : 0;
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
            request.Headers.IfRange = download.Resumable!.ETag is { IsWeak: false } tag
                ? new RangeConditionHeaderValue(tag)
                : new RangeConditionHeaderValue(download.Resumable.Modified!.Value);
        }
        else if (download.Cached?.ETag is { } cachedTag)
            request.Headers.IfNoneMatch.Add(cachedTag);
        else if (download.Cached?.Modified is { } cachedDate)
            request.Headers.IfModifiedSince = cachedDate;

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within the client's timeout of {_client.Timeout.TotalSeconds:0.#} s", timeout);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotModified && download.Cached is not null)
                return download.Reuse();
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            var version = HttpFileVersion.Of(response);
            if (download.Cached is not null && version.SameContentAs(download.Cached))
                return download.Reuse(); // the server ignored the condition, but says it is the same content
            var resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == have;
            if (response.StatusCode == HttpStatusCode.PartialContent && !resumed)
                throw new HttpRequestException($"the server answered a request for bytes {have}- with {response.Content.Headers.ContentRange}", null, response.StatusCode);
            download.Resumable = version.ETag is { IsWeak: false } || version.Modified is not null ? version : null;
            long written;
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            using (var target = new FileStream(download.PartialPath, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
                written = target.Position + await CopyAsync(body, target, _client.Timeout, cancellationToken).ConfigureAwait(false);
            if (version.Size is { } size && written != size)
                throw new HttpIOException(HttpRequestError.ResponseEnded, $"the server ended the response after {written} of {size} bytes");
            return version.IsKnown ? version.ToString() : null;
        }
    }

    /// <summary>
    /// Copies the body to the file in writes of up to 256 KiB, made on this thread: a page-cache write is quicker than
    /// the hop to another thread that an asynchronous write to a file costs (measured: a tenth of a small file's staging).
    /// A body that brings no byte for the client's timeout (which covers only the wait for the headers) counts as cut
    /// (<see cref="SilenceLimit"/>).
    /// </summary>
    private static async Task<long> CopyAsync(Stream body, FileStream target, TimeSpan silenceLimit, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(256 << 10);
        using var silence = new SilenceLimit(silenceLimit, cancellationToken);
        try
        {
            long total = 0;
            while (true)
            {
                var filled = 0;
                int read;
                try
                {
                    while (filled < buffer.Length && (read = await ReadAsync(body, buffer.AsMemory(filled), silence).ConfigureAwait(false)) > 0)
                        filled += read;
                }
                catch (HttpIOException)
                {
                    target.Write(buffer, 0, filled); // what arrived before the cut is kept: the next attempt asks for the rest
                    throw;
                }
                if (filled == 0)
                    return total;
                target.Write(buffer, 0, filled);
                total += filled;
                if (filled < buffer.Length)
                    return total;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // A connection lost mid-body is the response cut short, which the retries know (a write error is not).
    private static async ValueTask<int> ReadAsync(Stream body, Memory<byte> buffer, SilenceLimit silence)
    {
        try
        {
            return await silence.ReadAsync(body, buffer).ConfigureAwait(false);
        }
        catch (IOException failure) when (failure is not HttpIOException)
        {
            throw new HttpIOException(HttpRequestError.ResponseEnded, failure.Message, failure);
        }
    }

    // Worth another try: no status (the connection failed or was cut) or one that says so.
    private static bool IsTransient(HttpRequestException failure) =>
        failure.StatusCode is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <summary>A download across its tries: what is cached, and what the bytes so far are a part of.</summary>
    private sealed class Download(DataFile file, string partialPath, HttpFileVersion? cached, string? cachedText)
    {
        public DataFile File { get; } = file;
        public string PartialPath { get; } = partialPath;
        public HttpFileVersion? Cached { get; } = cached;
        public string? CachedText { get; } = cachedText;

        /// <summary>True when the copy already there is current, so nothing was fetched.</summary>
        public bool Reused { get; private set; }

        public string? Reuse()
        {
            Reused = true;
            return CachedText;
        }

        /// <summary>The version the partial file holds the start of, when the server gave a validator to resume it by.</summary>
        public HttpFileVersion? Resumable { get; set; }
    }
}
