namespace Parsl.Executors.HighThroughput;

/// <summary>
/// How an interchange and its managers talk (see <see cref="HtexTransport"/>): the listening end, the connecting end and
/// the event loop both run on. The interchange, the manager and the protocol above this seam send and receive opaque
/// frames only.
/// </summary>
internal interface ITransport
{
    /// <summary>A loop that can carry this transport's endpoint or link.</summary>
    IEventLoop CreateLoop();

    /// <summary>The interchange's end, bound to the settings' address and port before this returns.</summary>
    IManagerEndpoint Listen(EndpointSettings settings, CancellationToken cancellationToken);

    /// <summary>A manager's end, connecting to the interchange at <paramref name="address"/> (host:port) with the run's secret.</summary>
    IInterchangeLink Connect(string address, RunSecret secret);

    /// <summary>Called once as a manager's process ends, after every link is disposed: lets a last goodbye leave.</summary>
    void EndProcess();

    /// <summary>The transport of that kind.</summary>
    static ITransport Of(HtexTransport kind) => kind switch
    {
        HtexTransport.Grpc => GrpcTransport.Instance,
        HtexTransport.NetMQ => NetMqTransport.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a transport this version knows"),
    };
}
