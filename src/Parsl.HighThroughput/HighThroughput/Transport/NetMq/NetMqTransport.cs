using NetMQ;

namespace Parsl.Executors.HighThroughput;

/// <summary>ZeroMQ ROUTER/DEALER sockets with CURVE, on a NetMQ poller.</summary>
internal sealed class NetMqTransport : ITransport
{
    public static NetMqTransport Instance { get; } = new();

    public IEventLoop CreateLoop() => new NetMqEventLoop();

    public IManagerEndpoint Listen(EndpointSettings settings, CancellationToken cancellationToken) => new NetMqManagerEndpoint(settings);

    public IInterchangeLink Connect(string address, RunSecret secret) => new NetMqInterchangeLink(address, secret);

    // Blocking (every socket is disposed by now, or it would wait for ever): a goodbye still queued on a socket goes out
    // within its linger (1 s) before the process ends.
    public void EndProcess() => NetMQConfig.Cleanup(block: true);

    /// <summary>The NetMQ loop a socket of this transport must be polled on.</summary>
    internal static NetMqEventLoop LoopOf(IEventLoop loop) => loop as NetMqEventLoop
        ?? throw new ArgumentException($"A NetMQ socket is polled on the loop of the NetMQ transport, not on a {loop.GetType().Name}.", nameof(loop));
}
