using System.Globalization;
using System.Net;
using Polly;

namespace Parsl.Staging;

/// <summary>
/// Fetches and sends <c>ftp</c> files with the in-box <see cref="FtpWebRequest"/> (Parsl's <c>FTPInTaskStaging</c>):
/// passive and binary, anonymous unless <see cref="Credentials"/> (or the URL's <c>user:password@</c>) say otherwise.
/// A file's version is its size and modification time (<c>SIZE</c>, <c>MDTM</c>): a copy from an earlier run with the
/// same is not fetched again. A cut download goes on from where it stopped (<c>REST</c>); failures the server calls
/// temporary (4xx replies, a lost connection, a timeout) are retried through <see cref="Retries"/>.
/// </summary>
public sealed class FtpStaging : IStagingProvider
{
    /// <summary>The user and password for a server (a <see cref="NetworkCredential"/>, or a <see cref="CredentialCache"/>
    /// per host); null logs in anonymously.</summary>
    public ICredentials? Credentials { get; init; }

    /// <summary>How long one request may wait for the server, and a transfer go without a byte, before it counts as
    /// failed (retried). Default 60 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How a failed attempt is retried; by default as <see cref="HttpStaging.DefaultRetries"/>, for the
    /// failures FTP calls temporary.</summary>
    public ResiliencePipeline Retries { get; init; } = DefaultRetries;

    private static readonly ResiliencePipeline DefaultRetries = StagingRetries.For(new PredicateBuilder().Handle<WebException>(IsTransient).Handle<IOException>());

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["ftp"];

    /// <summary>
    /// In the workflow, and on workers unless it has <see cref="Credentials"/>: a worker's own provider logs in
    /// anonymously (or as the URL's <c>user:password@</c> says), so a credentialed server's files are staged by the
    /// workflow instead — never fetched from the anonymous side of the same server.
    /// </summary>
    public StagingModes Modes => Credentials is null ? StagingModes.InWorkflow | StagingModes.OnWorker : StagingModes.InWorkflow;

    /// <inheritdoc />
    public async Task<string?> StageInAsync(DataFile file, string localPath, string? cachedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var partial = $"{localPath}.{Environment.ProcessId}.part";
        File.Delete(partial); // a kill -9 may have left one; whose version, nothing says
        string? partialVersion = null;
        try
        {
            return await Retries.ExecuteAsync(async token =>
            {
                var version = await VersionOfAsync(file, token).ConfigureAwait(false);
                if (cachedVersion is not null && version == cachedVersion)
                    return cachedVersion;
                // What an earlier attempt fetched is continued only while the file is the same.
                if (partialVersion != version || version is null)
                    File.Delete(partial);
                partialVersion = version;
                await DownloadAsync(file, partial, token).ConfigureAwait(false);
                File.Move(partial, localPath, overwrite: true);
                return version;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (WebException failure)
        {
            throw new StagingException(file, ReplyOf(failure), failure);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <inheritdoc />
    public async Task StageOutAsync(string localPath, DataFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            await Retries.ExecuteAsync(async token =>
            {
                try
                {
                    await UploadAsync(localPath, file, token).ConfigureAwait(false);
                }
                catch (WebException failure) when (failure.Response is FtpWebResponse { StatusCode: FtpStatusCode.ActionNotTakenFileUnavailable or FtpStatusCode.ActionNotTakenFilenameNotAllowed })
                {
                    // 550/553: most often a folder on the way is missing. Make them, then try once more.
                    await MakeFoldersAsync(file, token).ConfigureAwait(false);
                    await UploadAsync(localPath, file, token).ConfigureAwait(false);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (WebException failure) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StagingException(file, ReplyOf(failure), failure);
        }
    }

    private async Task UploadAsync(string localPath, DataFile file, CancellationToken cancellationToken)
    {
        var request = Request(file.Url, WebRequestMethods.Ftp.UploadFile);
        await using var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        request.ContentLength = source.Length;
        using var silence = new SilenceLimit(Timeout, cancellationToken, request.Abort);
        await using (var target = await ReplyAsync(request, request.GetRequestStreamAsync(), cancellationToken).ConfigureAwait(false))
            await silence.CopyAsync(source, target).ConfigureAwait(false);
        using var response = (FtpWebResponse)await ReplyAsync(request, request.GetResponseAsync(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes each folder on the way to <paramref name="file"/>; one that exists already answers 550, which is fine.</summary>
    private async Task MakeFoldersAsync(DataFile file, CancellationToken cancellationToken)
    {
        var url = new Uri(file.Url);
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[..^1];
        for (var depth = 1; depth <= segments.Length; depth++)
        {
            var folder = new UriBuilder(url) { Path = "/" + string.Join('/', segments[..depth]) + "/" }.Uri.AbsoluteUri;
            try
            {
                using var response = await ResponseAsync(Request(folder, WebRequestMethods.Ftp.MakeDirectory), cancellationToken).ConfigureAwait(false);
            }
            catch (WebException failure) when (failure.Response is FtpWebResponse { StatusCode: FtpStatusCode.ActionNotTakenFileUnavailable }) { }
        }
    }

    /// <summary>Size and modification time, as the server reports them (either may be missing on servers without the
    /// command); null when it reports neither, so nothing tells one content from another.</summary>
    private async Task<string?> VersionOfAsync(DataFile file, CancellationToken cancellationToken)
    {
        long? size = null;
        DateTime? modified = null;
        try
        {
            using var response = await ResponseAsync(Request(file, WebRequestMethods.Ftp.GetFileSize), cancellationToken).ConfigureAwait(false);
            size = response.ContentLength;
        }
        catch (WebException failure) when (IsUnsupported(failure)) { }
        try
        {
            using var response = await ResponseAsync(Request(file, WebRequestMethods.Ftp.GetDateTimestamp), cancellationToken).ConfigureAwait(false);
            modified = response.LastModified.ToUniversalTime();
        }
        catch (WebException failure) when (IsUnsupported(failure)) { }
        return size is null && modified is null ? null : string.Create(CultureInfo.InvariantCulture, $"size={size};modified={modified:O}");
    }

    private async Task DownloadAsync(DataFile file, string partial, CancellationToken cancellationToken)
    {
        // A part left by a cut attempt is continued from its end (REST).
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        var request = Request(file, WebRequestMethods.Ftp.DownloadFile);
        request.ContentOffset = have;
        using var response = await ResponseAsync(request, cancellationToken).ConfigureAwait(false);
        using var silence = new SilenceLimit(Timeout, cancellationToken, request.Abort);
        await using var source = response.GetResponseStream();
        await using var target = new FileStream(partial, have > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await silence.CopyAsync(source, target).ConfigureAwait(false);
    }

    private FtpWebRequest Request(DataFile file, string method) => Request(file.Url, method);

    private FtpWebRequest Request(string url, string method)
    {
#pragma warning disable SYSLIB0014 // FtpWebRequest has no in-box successor; only WebRequest.Create is marked obsolete
        var request = (FtpWebRequest)WebRequest.Create(url);
#pragma warning restore SYSLIB0014
        request.Method = method;
        request.UsePassive = true;
        request.UseBinary = true;
        request.Timeout = (int)Timeout.TotalMilliseconds;
        request.ReadWriteTimeout = (int)Timeout.TotalMilliseconds;
        if (Credentials is not null)
            request.Credentials = Credentials;
        return request;
    }

    private async Task<FtpWebResponse> ResponseAsync(FtpWebRequest request, CancellationToken cancellationToken) =>
        (FtpWebResponse)await ReplyAsync(request, request.GetResponseAsync(), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Waits for the server's reply, at most <see cref="Timeout"/>: FtpWebRequest's own timeouts hold for its
    /// synchronous calls only, and a server that takes the connection and never answers (stopped, or hung) held an
    /// asynchronous one for ever. No reply in time aborts the request and fails it as a timeout, which is retried.
    /// </summary>
    private async Task<T> ReplyAsync<T>(FtpWebRequest request, Task<T> reply, CancellationToken cancellationToken)
    {
        using var abort = cancellationToken.Register(request.Abort);
        try
        {
            return await reply.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abandon(request, reply);
            throw new WebException($"no reply from the server within {Timeout.TotalSeconds:0.#} s (FtpStaging.Timeout)", WebExceptionStatus.Timeout);
        }
        catch (Exception exception) when (exception is WebException or OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            Abandon(request, reply);
            throw new OperationCanceledException(cancellationToken);
        }
    }

    // The reply no one waits for any more fails once the request is aborted: observed, so it is no unobserved exception.
    private static void Abandon<T>(FtpWebRequest request, Task<T> reply)
    {
        request.Abort();
        _ = reply.ContinueWith(static failed => _ = failed.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    // 4xx replies are temporary in FTP (RFC 959 §4.2); no reply at all is a lost connection or a timeout.
    private static bool IsTransient(WebException failure) =>
        failure.Response is FtpWebResponse { StatusCode: var code } ? (int)code is >= 400 and < 500 : failure.Status != WebExceptionStatus.RequestCanceled;

    // 500-502 and 504: the server does not know SIZE or MDTM.
    private static bool IsUnsupported(WebException failure) =>
        failure.Response is FtpWebResponse { StatusCode: var code } && (int)code is >= 500 and <= 502 or 504;

    private static string ReplyOf(WebException failure) =>
        failure.Response is FtpWebResponse response ? $"{(int)response.StatusCode} {response.StatusDescription?.Trim()}" : failure.Message;
}
