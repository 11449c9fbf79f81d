namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>
/// The messages between the interchange (in the workflow's process), the managers (one per block node) and their
/// workers, and how each link starts. Every message is one frame of its transport (a gRPC message, a ZeroMQ frame, a
/// length-prefixed pipe write): a <see cref="MessageKind"/> byte, then the message's fields in the wire format, laid
/// out by the message's own type and nowhere else. Both links open with a message that carries <see cref="Version"/>
/// (<see cref="RegisterMessage"/>, <see cref="ReadyMessage"/>), and the other end refuses another version by name.
/// </summary>
internal static class WireProtocol
{
    /// <summary>Bumped on any change to a message's layout.</summary>
    public const int Version = 8;

    /// <summary>The frame of one message, written through <paramref name="scratch"/>.</summary>
    public static byte[] Frame<TMessage>(WireWriter scratch, in TMessage message) where TMessage : IProtocolMessage
    {
        scratch.Reset();
        scratch.Write((byte)TMessage.Kind);
        message.WriteBody(scratch);
        return scratch.ToArray();
    }

    /// <summary>The frame of a message that is only its kind (<see cref="MessageKind.Goodbye"/>, the beats, <see cref="MessageKind.Shutdown"/>, <see cref="MessageKind.Exit"/>).</summary>
    public static byte[] Frame(MessageKind kind) => [(byte)kind];

    /// <summary>Reads a message's kind: the reader is then at its body.</summary>
    public static MessageKind ReadKind(ref WireReader reader) => (MessageKind)reader.ReadByte();
}
