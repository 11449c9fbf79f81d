namespace Parsl.Executors;

/// <summary>How a <see cref="HighThroughputExecutor"/>'s interchange and its managers talk; both encrypt every byte and make each manager prove the run's secret.</summary>
public enum HtexTransport
{
    /// <summary>gRPC bidirectional streams over HTTP/2 with TLS (Kestrel in the workflow's process; a certificate made for the run, pinned by the managers).</summary>
    Grpc,

    /// <summary>ZeroMQ ROUTER/DEALER sockets (NetMQ) with CURVE encryption, as Python Parsl uses.</summary>
    NetMQ,
}
