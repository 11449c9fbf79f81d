namespace Parsl.Staging;

/// <summary>
/// How long a transfer's body may move no byte. The protocols' own timeouts cover the wait for a reply (HTTP's
/// headers, an FTP command's), not the body after it: a server that stops sending (or taking) bytes and keeps the
/// connection would hold the transfer, and every app waiting for the file, for ever. A read or write silent for the
/// limit fails with an <see cref="IOException"/> saying so, which the providers retry as a cut connection, going on
/// from where the body stopped.
/// </summary>
internal sealed class SilenceLimit : IDisposable
{
    private readonly TimeSpan _limit;
    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource _silence;
    private readonly CancellationTokenRegistration _abort;

    /// <param name="limit">How long a read or write may move no byte.</param>
    /// <param name="cancellationToken">The transfer's own cancellation, which is not silence.</param>
    /// <param name="abort">Breaks the connection when the limit passes, for streams whose reads do not heed a token
    /// (FtpWebRequest's: its Abort); null when the token alone ends the read.</param>
    public SilenceLimit(TimeSpan limit, CancellationToken cancellationToken, Action? abort = null)
    {
        _limit = limit;
        _outer = cancellationToken;
        _silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (abort is not null)
            _abort = _silence.Token.Register(abort);
    }

    public async ValueTask<int> ReadAsync(Stream source, Memory<byte> buffer)
    {
        _silence.CancelAfter(_limit); // re-armed for each read: the limit is on silence, not on the whole body
        try
        {
            return await source.ReadAsync(buffer, _silence.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsSilence(exception))
        {
            throw Silent("sent nothing");
        }
    }

    public async ValueTask WriteAsync(Stream target, ReadOnlyMemory<byte> buffer)
    {
        _silence.CancelAfter(_limit);
        try
        {
            await target.WriteAsync(buffer, _silence.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsSilence(exception))
        {
            throw Silent("took nothing");
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/>, each read and write under the limit.</summary>
    public async Task CopyAsync(Stream source, Stream target)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await ReadAsync(source, buffer).ConfigureAwait(false)) > 0)
                await WriteAsync(target, buffer.AsMemory(0, read)).ConfigureAwait(false);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The limit passed (not the caller's cancellation): whatever the broken read threw, the silence is the cause.
    private bool IsSilence(Exception exception) =>
        _silence.IsCancellationRequested && !_outer.IsCancellationRequested && exception is OperationCanceledException or IOException or ObjectDisposedException or System.Net.WebException;

    private IOException Silent(string what) =>
        new($"the server {what} for {_limit.TotalSeconds:0.#} s in the middle of the transfer (the provider's timeout), so the connection was cut");

    public void Dispose()
    {
        _abort.Dispose();
        _silence.Dispose();
    }
}
