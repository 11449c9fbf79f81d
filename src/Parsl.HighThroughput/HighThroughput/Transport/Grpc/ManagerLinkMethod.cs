using Grpc.Core;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The one gRPC method between interchange and manager: a bidirectional stream of opaque frames (the messages of
/// <see cref="Protocol"/>). Defined by hand with pass-through marshallers: there is no schema to generate code from,
/// the frames are already in the wire format.
/// </summary>
internal static class ManagerLinkMethod
{
    private static readonly Marshaller<byte[]> Frames = Marshallers.Create(static frame => frame, static frame => frame);

    public static Method<byte[], byte[]> Exchange { get; } = new(MethodType.DuplexStreaming, "parsl.htex.ManagerLink", "Exchange", Frames, Frames);
}
