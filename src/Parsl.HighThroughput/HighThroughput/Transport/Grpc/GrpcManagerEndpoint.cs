using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Managers reach the interchange over gRPC: each holds one bidirectional stream (HTTP/2 over TLS, Kestrel in the
/// workflow's process). The TLS certificate is made for the run and pinned by its SHA-256 fingerprint, which the
/// managers read from the run's secret; a peer proves itself with the run's token when it registers. Streams are read
/// and written on the thread pool; what arrives is queued for the interchange's loop.
/// </summary>
internal sealed class GrpcManagerEndpoint : IManagerEndpoint
{
    /// <summary>HTTP/2 flow-control windows big enough that a 1 MiB argument does not wait for window updates.</summary>
    internal const int FlowWindowBytes = 16 << 20;

    // Streams wait for the interchange's loop to be attached before they read (one may open as soon as Kestrel serves).
    private readonly TaskCompletionSource<ILoopInbox<Arrival>> _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ILoopInbox<Arrival>? _inbox;
    private readonly ConcurrentDictionary<byte[], Peer> _peers = new(ByteArrayComparer.Instance);
    private readonly ConcurrentDictionary<string, byte> _awaitingStream = new(StringComparer.Ordinal); // connections past TLS with no stream yet
    private readonly X509Certificate2 _certificate;
    private WebApplication? _host;
    private long _nextPeer;
    private volatile bool _disposed;

    private GrpcManagerEndpoint(X509Certificate2 certificate)
    {
        _certificate = certificate;
        ServerKey = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    public int Port { get; private set; }

    public string ServerKey { get; }

    public void AttachTo(IEventLoop loop, Action onReady)
    {
        _inbox = loop.AddInbox<Arrival>(onReady);
        _attached.SetResult(_inbox);
    }

    /// <summary>
    /// Raised for each connection whose TLS handshake did not complete (Kestrel turns it away before a byte of it is
    /// read as HTTP), and each that completed TLS but closed without opening a stream: nothing of either reaches the
    /// interchange. Streams are the interchange's to judge.
    /// </summary>
    public event Action<string>? Refusing;

    public Task Ready { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Listens on the executor's address and port at once, and starts Kestrel on that socket in the background
    /// (<see cref="Ready"/>): Kestrel's start-up, the slowest part of a workflow's first load, overlaps the first
    /// block's. A manager that connects earlier waits in the socket's backlog.
    /// </summary>
    public static GrpcManagerEndpoint Start(EndpointSettings settings, CancellationToken cancellationToken)
    {
        var address = ListenAddress(settings.Address);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var endpoint = new GrpcManagerEndpoint(RunCertificate(settings.Address));
        try
        {
            listener.Bind(new IPEndPoint(address, settings.Port));
            listener.Listen(1024);
            endpoint.Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        }
        catch
        {
            listener.Dispose();
            endpoint.Dispose();
            throw;
        }
        // Kestrel takes the descriptor over and closes it when it stops: this Socket must never close it too.
        var handle = (ulong)listener.Handle;
        listener.SafeHandle.SetHandleAsInvalid();
        endpoint.Ready = Task.Run(() => endpoint.ListenAsync(handle, settings, cancellationToken), cancellationToken);
        return endpoint;
    }

    private async Task ListenAsync(ulong listenHandle, EndpointSettings settings, CancellationToken cancellationToken)
    {
        // An empty builder: no appsettings.json, environment or command line can add endpoints or change limits.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // one stream carries a manager's whole life
            kestrel.Limits.MinRequestBodyDataRate = null; // and idles between tasks
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.Http2.InitialConnectionWindowSize = FlowWindowBytes;
            kestrel.Limits.Http2.InitialStreamWindowSize = FlowWindowBytes;
            kestrel.ListenHandle(listenHandle, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                // Kestrel logs a failed handshake only at Debug, to a logger this host does not have: a connection that
                // never reached the middleware behind TLS is reported as refused instead (rate-limited by the interchange).
                listen.Use(next => async connection =>
                {
                    var handshake = new HandshakeSeen();
                    connection.Features.Set(handshake);
                    await next(connection).ConfigureAwait(false);
                    if (!handshake.Completed && !_disposed)
                        Refusing?.Invoke("a connection whose TLS handshake failed or never came (a peer without this run's certificate fingerprint, or not speaking TLS)");
                });
                listen.UseHttps(_certificate);
                listen.Use(next => async connection =>
                {
                    if (connection.Features.Get<HandshakeSeen>() is { } handshake)
                        handshake.Completed = true;
                    // .NET checks a server's certificate after the handshake, so a client that rejects the run's certificate
                    // looks like a success here: it then closes without opening a stream.
                    _awaitingStream[connection.ConnectionId] = 0;
                    try
                    {
                        await next(connection).ConfigureAwait(false);
                    }
                    finally
                    {
                        if (_awaitingStream.TryRemove(connection.ConnectionId, out _) && !_disposed)
                            Refusing?.Invoke("a connection that completed TLS but opened no manager's stream (a client that rejected this run's certificate, or one not speaking gRPC)");
                    }
                });
            });
        });
        // The host's default lifetime takes SIGINT and SIGTERM for itself (stopping Kestrel and swallowing the signal):
        // signals belong to the workflow's kernel.
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, SignalFreeLifetime>();
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = (int)Math.Min(settings.MaxMessageBytes, int.MaxValue);
            options.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(this);
        _host = builder.Build();
        _host.MapGrpcService<ManagerLinkService>();
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IPAddress ListenAddress(string address) => address switch
    {
        "*" or "0.0.0.0" => IPAddress.Any,
        _ when IPAddress.TryParse(address, out var ip) => ip,
        _ => Dns.GetHostAddresses(address).FirstOrDefault()
             ?? throw new ArgumentException($"HighThroughputExecutor.Address '{address}' is neither an IP address nor a name this machine resolves."),
    };

    /// <summary>A self-signed ECDSA certificate for this run only; managers trust it by fingerprint, not by name.</summary>
    private static X509Certificate2 RunCertificate(string address)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=parsl-interchange", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(address, out var ip))
            names.AddIpAddress(ip);
        else
            names.AddDnsName(address is "*" ? "localhost" : address);
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        // Kestrel needs the private key in a form the platform's TLS can use: a round trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>One manager's stream: runs for as long as the manager is connected.</summary>
    internal async Task ServeAsync(IAsyncStreamReader<byte[]> requests, IServerStreamWriter<byte[]> responses, ServerCallContext context)
    {
        _awaitingStream.TryRemove(context.GetHttpContext().Connection.Id, out _);
        var inbox = await _attached.Task.ConfigureAwait(false);
        var peer = new Peer(BitConverter.GetBytes(Interlocked.Increment(ref _nextPeer)));
        _peers[peer.Id] = peer;
        var reading = ReadAsync(inbox, peer, requests, context.CancellationToken);
        var writing = WriteAsync(peer, responses, context.CancellationToken);
        // Either the manager's side ended (it left, died or broke the rules), or the interchange dropped it and
        // everything queued for it has gone out.
        await Task.WhenAny(reading, writing).ConfigureAwait(false);
        _peers.TryRemove(peer.Id, out _);
        peer.Outbox.Writer.TryComplete();
        await writing.ConfigureAwait(false);
        if (!peer.Expected && !_disposed)
            inbox.Enqueue(new Arrival(peer.Id, default, Closed: true));
    }

    private static async Task ReadAsync(ILoopInbox<Arrival> inbox, Peer peer, IAsyncStreamReader<byte[]> requests, CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
                inbox.Enqueue(new Arrival(peer.Id, requests.Current, Closed: false));
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or RpcException or InvalidOperationException)
        {
            // The connection broke, or a message was larger than MaxMessageBytes: the close is reported by ServeAsync.
        }
    }

    private static async Task WriteAsync(Peer peer, IServerStreamWriter<byte[]> responses, CancellationToken cancellationToken)
    {
        var outbox = peer.Outbox.Reader;
        try
        {
            while (await outbox.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (outbox.TryRead(out var message))
                    await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or RpcException or InvalidOperationException)
        {
            // The manager is gone; what was queued for it is moot (the interchange re-runs its tries).
        }
    }

    public bool TryReceive(out Arrival arrival) => _inbox!.TryDequeue(out arrival);

    public void Send(byte[] peer, byte[] message)
    {
        if (_peers.TryGetValue(peer, out var connected))
            connected.Outbox.Writer.TryWrite(message);
    }

    public void Drop(byte[] peer) => Close(peer);

    public void Refuse(byte[] peer) => Close(peer);

    /// <summary>Ends a peer's stream once what is queued for it has gone out; the close that follows is expected.</summary>
    private void Close(byte[] peer)
    {
        if (!_peers.TryGetValue(peer, out var connected))
            return;
        connected.Expected = true;
        connected.Outbox.Writer.TryComplete();
    }

    public void Dispose()
    {
        _disposed = true;
        _attached.TrySetCanceled();
        try
        {
            Ready.Wait(TimeSpan.FromSeconds(30)); // a host still starting would otherwise start after it was stopped
        }
        catch (AggregateException)
        {
            // it did not start: nothing to stop
        }
        if (_host is not null)
        {
            // Streams are ended, not drained: the managers' tries are failed or re-run by the interchange anyway.
            _host.StopAsync(new CancellationToken(canceled: true)).GetAwaiter().GetResult();
            _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        _certificate.Dispose();
    }

    /// <summary>A host lifetime that leaves the process's signals alone: the interchange's host starts and stops with its executor.</summary>
    private sealed class SignalFreeLifetime : Microsoft.Extensions.Hosting.IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Set on a connection once its TLS handshake succeeded.</summary>
    private sealed class HandshakeSeen
    {
        public bool Completed { get; set; }
    }

    private sealed class Peer(byte[] id)
    {
        public byte[] Id { get; } = id;

        public Channel<byte[]> Outbox { get; } = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

        public volatile bool Expected;
    }
}
