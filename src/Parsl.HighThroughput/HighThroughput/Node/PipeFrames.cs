using System.Buffers;
using System.Buffers.Binary;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Messages between a manager and one of its workers, over the pair of anonymous pipes the manager made when it started
/// the worker: each is its length (4 bytes, little-endian), then the message as <see cref="Protocol"/> lays it out.
/// The pipes belong to the two processes alone (no port another user could reach, so nothing to prove or encrypt);
/// Parsl's own manager and workers share a local queue the same way.
/// </summary>
internal static class PipeFrames
{
    /// <summary>No message between a manager and a worker comes near this; a larger length means the stream is broken.</summary>
    private const int MaxFrameBytes = int.MaxValue - 64;

    /// <summary>Writes one message in one write, so a reader never sees half of one and writers under a lock never interleave.</summary>
    public static void Write(Stream pipe, ReadOnlySpan<byte> message)
    {
        var frame = ArrayPool<byte>.Shared.Rent(message.Length + 4);
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(frame, message.Length);
            message.CopyTo(frame.AsSpan(4));
            pipe.Write(frame, 0, message.Length + 4);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>The next message, or null when the other end closed the pipe between messages.</summary>
    public static byte[]? Read(Stream pipe)
    {
        Span<byte> header = stackalloc byte[4];
        var got = pipe.ReadAtLeast(header, 4, throwOnEndOfStream: false);
        if (got == 0)
            return null;
        if (got < 4)
            throw new WireFormatException("the pipe closed in the middle of a message's length");
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is < 0 or > MaxFrameBytes)
            throw new WireFormatException($"a message claims {length} bytes");
        var message = new byte[length];
        if (pipe.ReadAtLeast(message, length, throwOnEndOfStream: false) < length)
            throw new WireFormatException("the pipe closed in the middle of a message");
        return message;
    }
}
