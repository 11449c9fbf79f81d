using System.Net.Sockets;
using NetMQ;
using NetMQ.Monitoring;
using NetMQ.Sockets;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Managers reach the interchange over a ZeroMQ ROUTER socket with CURVE: the interchange's key pair is made for the
/// run, and a peer without its public key cannot complete the encrypted handshake.
/// </summary>
internal sealed class NetMqManagerEndpoint : IManagerEndpoint
{
    private readonly RouterSocket _router;
    private readonly NetMQMonitor _monitor;
    private readonly Task _monitorTask;
    private NetMQMessage? _received;
    private int _expectedDisconnects;

    public NetMqManagerEndpoint(EndpointSettings settings)
    {
        var certificate = new NetMQCertificate();
        ServerKey = certificate.PublicKeyZ85;
        _router = new RouterSocket();
        _router.Options.CurveServer = true;
        _router.Options.CurveCertificate = certificate;
        _router.Options.Linger = TimeSpan.Zero;
        _router.Options.MaxMsgSize = settings.MaxMessageBytes;
        _router.Options.SendHighWatermark = 0;
        _router.Options.ReceiveHighWatermark = 0;
        // A peer without the run's key fails the encrypted handshake, and NetMQ drops its connection without a word; the
        // monitor sees the connection close. Closes that no manager's departure explains are logged as refusals.
        _monitor = new NetMQMonitor(_router, $"inproc://parsl-htex-monitor-{Guid.NewGuid():N}", SocketEvents.Disconnected);
        _monitor.Disconnected += (_, _) =>
        {
            if (Interlocked.Decrement(ref _expectedDisconnects) < 0)
            {
                Interlocked.Increment(ref _expectedDisconnects);
                Refusing?.Invoke("a connection that closed without registering or saying goodbye: a peer without this run's key (its encrypted handshake fails), or a manager that died");
            }
        };
        _monitorTask = _monitor.StartAsync();
        try
        {
            if (settings.Port == 0)
            {
                Port = _router.BindRandomPort($"tcp://{settings.Address}");
            }
            else
            {
                _router.Bind($"tcp://{settings.Address}:{settings.Port}");
                Port = settings.Port;
            }
        }
        catch (NetMQException exception)
        {
            Dispose();
            // NetMQ's exceptions carry no message: say it as a socket would, for the executor to explain.
            throw exception.ErrorCode switch
            {
                ErrorCode.AddressAlreadyInUse => new SocketException((int)SocketError.AddressAlreadyInUse),
                ErrorCode.AddressNotAvailable => new SocketException((int)SocketError.AddressNotAvailable),
                var code => new IOException($"NetMQ could not listen on tcp://{settings.Address}:{settings.Port}: {code}", exception),
            };
        }
    }

    public int Port { get; }

    public Task Ready => Task.CompletedTask;

    public event Action<string>? Refusing;

    public string ServerKey { get; }

    public void AttachTo(IEventLoop loop, Action onReady)
    {
        _router.ReceiveReady += (_, _) => onReady();
        NetMqTransport.LoopOf(loop).Add(_router);
    }

    public bool TryReceive(out Arrival arrival)
    {
        while (_router.TryReceiveMultipartMessage(TimeSpan.Zero, ref _received))
        {
            var received = _received!;
            if (received.FrameCount != 2)
            {
                Refusing?.Invoke("a message of several frames (managers send one)");
                continue;
            }
            var payload = received[1];
            arrival = new Arrival(received[0].ToByteArray(), payload.Buffer.AsMemory(0, payload.MessageSize), Closed: false);
            return true;
        }
        arrival = default;
        return false;
    }

    public void Send(byte[] peer, byte[] message) => _router.SendMoreFrame(peer).SendFrame(message);

    public void Drop(byte[] peer) => Interlocked.Increment(ref _expectedDisconnects);

    public void Refuse(byte[] peer)
    {
        // ZeroMQ cannot close one peer of a ROUTER socket; whatever it sends next is refused again.
    }

    public void Dispose()
    {
        _monitor.Stop();
        _monitorTask.Wait(TimeSpan.FromSeconds(1));
        _monitor.Dispose();
        _router.Dispose();
    }
}
