using NetMQ;
using NetMQ.Sockets;

namespace Parsl.Executors.HighThroughput;

/// <summary>A manager's ZeroMQ DEALER socket to the interchange, CURVE-encrypted with the interchange's public key from the run's secret; it reconnects by itself.</summary>
internal sealed class NetMqInterchangeLink : IInterchangeLink
{
    private readonly DealerSocket _dealer = new();

    public NetMqInterchangeLink(string address, RunSecret secret)
    {
        _dealer.Options.CurveServerKey = NetMQCertificate.FromPublicKey(secret.ServerKey).PublicKey;
        _dealer.Options.CurveCertificate = new NetMQCertificate();
        _dealer.Options.Linger = TimeSpan.FromSeconds(1);
        _dealer.Options.SendHighWatermark = 0;
        _dealer.Options.ReceiveHighWatermark = 0;
        _dealer.Connect($"tcp://{address}");
    }

    public void AttachTo(IEventLoop loop, Action onReady)
    {
        _dealer.ReceiveReady += (_, _) => onReady();
        NetMqTransport.LoopOf(loop).Add(_dealer);
    }

    public string? BrokenReason => null;

    public bool TryReceive(out byte[]? message) => _dealer.TryReceiveFrameBytes(TimeSpan.Zero, out message);

    public void Send(byte[] message) => _dealer.SendFrame(message);

    public void SendLast(byte[] message, TimeSpan timeout) => _dealer.TrySendFrame(timeout, message);

    // Disposing keeps what is queued for the socket's linger (1 s): the manager's goodbye still goes out.
    public void Dispose() => _dealer.Dispose();
}
