namespace Parsl.Executors.HighThroughput;

/// <summary>gRPC bidirectional streams over TLS (Kestrel at the interchange), read and written on the thread pool.</summary>
internal sealed class GrpcTransport : ITransport
{
    public static GrpcTransport Instance { get; } = new();

    public IEventLoop CreateLoop() => new ThreadEventLoop();

    public IManagerEndpoint Listen(EndpointSettings settings, CancellationToken cancellationToken) => GrpcManagerEndpoint.Start(settings, cancellationToken);

    public IInterchangeLink Connect(string address, RunSecret secret) => new GrpcInterchangeLink(address, secret);

    public void EndProcess()
    {
        // A stream's last write completed in SendLast; nothing is left to flush.
    }
}
