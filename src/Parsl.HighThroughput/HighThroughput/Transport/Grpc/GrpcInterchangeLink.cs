using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// A manager's gRPC stream to the interchange: TLS to a certificate pinned by the fingerprint in the run's secret,
/// read and written on the thread pool, what arrives queued for the manager's loop. Unlike a ZeroMQ socket it does
/// not reconnect: a broken stream means the interchange (the workflow) is gone, and the manager stops.
/// </summary>
internal sealed class GrpcInterchangeLink : IInterchangeLink
{
    private ILoopInbox<byte[]?>? _inbox;
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<byte[], byte[]> _call;
    private readonly string _address;
    private readonly Task _writing;
    private volatile string? _brokenReason;
    private volatile bool _disposed;

    public GrpcInterchangeLink(string address, RunSecret secret)
    {
        _address = address;
        var fingerprint = Convert.FromHexString(secret.ServerKey);
        var handler = new SocketsHttpHandler
        {
            InitialHttp2StreamWindowSize = GrpcManagerEndpoint.FlowWindowBytes,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        // The certificate is the run's own, made for this run: trusted by its fingerprint alone, whatever its name or issuer.
        // No chain to build either: the system's trust store (hundreds of certificates read in a fresh process) has no say.
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), fingerprint);
        _channel = GrpcChannel.ForAddress($"https://{address}", new GrpcChannelOptions
        {
            // A plain client rather than the handler: with a handler gRPC adds its load balancer (resolver, subchannels,
            // its own connect callback), hundreds of methods to compile in a fresh process for one pinned address.
            HttpClient = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan },
            DisposeHttpClient = true,
            MaxReceiveMessageSize = null, // the interchange is trusted: it proved its certificate
            MaxSendMessageSize = null,
        });
        _call = _channel.CreateCallInvoker().AsyncDuplexStreamingCall(ManagerLinkMethod.Exchange, null, new CallOptions());
        _writing = Task.Run(WriteAsync);
    }

    public void AttachTo(IEventLoop loop, Action onReady)
    {
        _inbox = loop.AddInbox<byte[]?>(onReady);
        // Nothing arrives before the manager has registered, which it does once its loop is set up.
        _ = Task.Run(ReadAsync);
    }

    public string? BrokenReason => _brokenReason;

    public bool TryReceive(out byte[]? message) => _inbox!.TryDequeue(out message);

    public void Send(byte[] message) => _outbox.Writer.TryWrite(message);

    public void SendLast(byte[] message, TimeSpan timeout)
    {
        _outbox.Writer.TryWrite(message);
        _outbox.Writer.TryComplete();
        _writing.Wait(timeout);
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
                _inbox!.Enqueue(_call.ResponseStream.Current);
            Break($"the interchange at {_address} closed the connection");
        }
        catch (RpcException exception)
        {
            Break($"the connection to the interchange at {_address} failed: {exception.Status.Detail} ({exception.StatusCode})");
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or ObjectDisposedException)
        {
            Break($"the connection to the interchange at {_address} failed: {exception.Message}");
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            while (await _outbox.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_outbox.Reader.TryRead(out var message))
                    await _call.RequestStream.WriteAsync(message).ConfigureAwait(false);
            }
            await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RpcException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The reading side reports the broken stream.
        }
    }

    private void Break(string reason)
    {
        if (_brokenReason is not null || _disposed)
            return;
        _brokenReason = reason;
        _inbox!.Enqueue(null);
    }

    public void Dispose()
    {
        _disposed = true;
        _outbox.Writer.TryComplete();
        _call.Dispose();
        _channel.Dispose();
    }
}
