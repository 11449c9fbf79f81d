using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Parsl;

/// <summary>
/// Writes values in Parsl's wire format: what crosses between the workflow and worker processes. Generated code calls
/// it for an app's arguments and result (each type's writer is decided at compile time); it writes numbers little-endian,
/// lengths and strings length-prefixed, and nothing that names a type, so a reader never chooses what to create.
/// </summary>
public sealed class WireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;
    private Utf8JsonWriter? _json;

    /// <summary>Creates a writer with an initial capacity in bytes.</summary>
    public WireWriter(int capacity = 256) => _buffer = new ArrayBufferWriter<byte>(Math.Max(capacity, 16));

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    /// <summary>How many bytes were written.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset() => _buffer.ResetWrittenCount();

    /// <summary>The bytes written so far, as a new array.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private Span<byte> Take(int size)
    {
        var span = _buffer.GetSpan(size);
        _buffer.Advance(size);
        return span[..size];
    }

    /// <summary>Writes a boolean as one byte.</summary>
    public void Write(bool value) => Take(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a byte.</summary>
    public void Write(byte value) => Take(1)[0] = value;

    /// <summary>Writes a signed byte.</summary>
    public void Write(sbyte value) => Take(1)[0] = unchecked((byte)value);

    /// <summary>Writes a 16-bit integer.</summary>
    public void Write(short value) => BinaryPrimitives.WriteInt16LittleEndian(Take(2), value);

    /// <summary>Writes an unsigned 16-bit integer.</summary>
    public void Write(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);

    /// <summary>Writes a character as its UTF-16 code unit.</summary>
    public void Write(char value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);

    /// <summary>Writes a 32-bit integer.</summary>
    public void Write(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(4), value);

    /// <summary>Writes an unsigned 32-bit integer.</summary>
    public void Write(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);

    /// <summary>Writes a 64-bit integer.</summary>
    public void Write(long value) => BinaryPrimitives.WriteInt64LittleEndian(Take(8), value);

    /// <summary>Writes an unsigned 64-bit integer.</summary>
    public void Write(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);

    /// <summary>Writes a single-precision number, NaN and infinities included.</summary>
    public void Write(float value) => BinaryPrimitives.WriteSingleLittleEndian(Take(4), value);

    /// <summary>Writes a double-precision number, NaN and infinities included.</summary>
    public void Write(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Take(8), value);

    /// <summary>Writes a decimal exactly.</summary>
    public void Write(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        foreach (var part in bits)
            Write(part);
    }

    /// <summary>Writes a string (or null) as its UTF-8 length and bytes.</summary>
    public void Write(string? value)
    {
        if (value is null)
        {
            WriteLength(-1);
            return;
        }
        var size = Encoding.UTF8.GetByteCount(value);
        WriteLength(size);
        Encoding.UTF8.GetBytes(value, Take(size));
    }

    /// <summary>Writes a block of bytes as its length and contents.</summary>
    public void Write(ReadOnlySpan<byte> value)
    {
        WriteLength(value.Length);
        value.CopyTo(Take(value.Length));
    }

    /// <summary>Writes a byte array (or null) as its length and contents.</summary>
    public void Write(byte[]? value)
    {
        if (value is null)
            WriteLength(-1);
        else
            Write((ReadOnlySpan<byte>)value);
    }

    /// <summary>Overwrites a 32-bit integer written earlier at <paramref name="offset"/>: a count known only after the items.</summary>
    public void Patch(int offset, int value) => BinaryPrimitives.WriteInt32LittleEndian(WrittenSpanAt(offset), value);

    /// <summary>Appends bytes as they are, without a length: for relaying a part of a message that was written elsewhere.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>Writes a GUID.</summary>
    public void Write(Guid value) => value.TryWriteBytes(Take(16));

    /// <summary>Writes a date and time with its kind.</summary>
    public void Write(DateTime value) => Write(value.ToBinary());

    /// <summary>Writes a date and time with its offset.</summary>
    public void Write(DateTimeOffset value)
    {
        Write(value.Ticks);
        Write((short)value.Offset.TotalMinutes);
    }

    /// <summary>Writes a time span.</summary>
    public void Write(TimeSpan value) => Write(value.Ticks);

    /// <summary>Writes a date (its day number).</summary>
    public void Write(DateOnly value) => Write(value.DayNumber);

    /// <summary>Writes a time of day (its ticks).</summary>
    public void Write(TimeOnly value) => Write(value.Ticks);

    /// <summary>Writes a half-precision number.</summary>
    public void Write(Half value) => BinaryPrimitives.WriteHalfLittleEndian(Take(2), value);

    /// <summary>Writes a 128-bit integer.</summary>
    public void Write(Int128 value) => BinaryPrimitives.WriteInt128LittleEndian(Take(16), value);

    /// <summary>Writes an unsigned 128-bit integer.</summary>
    public void Write(UInt128 value) => BinaryPrimitives.WriteUInt128LittleEndian(Take(16), value);

    /// <summary>Writes an integer of any size: its two's-complement bytes with their length.</summary>
    public void Write(System.Numerics.BigInteger value)
    {
        var length = value.GetByteCount();
        Write(length);
        value.TryWriteBytes(Take(length), out _);
    }

    /// <summary>Writes a file reference.</summary>
    public void Write(DataFile? value)
    {
        Write(value?.Url);
        // A staged copy's path too: on a node sharing the workflow's file system the worker reads the copy.
        if (value is not null)
            Write(value.LocalCopy);
    }

    /// <summary>Writes the nothing a void app returns.</summary>
    public void Write(Unit value)
    {
    }

    /// <summary>Writes a bash app's result.</summary>
    public void Write(BashResult? value)
    {
        Write(value is not null);
        if (value is null)
            return;
        Write(value.Command);
        Write(value.ExitCode);
        Write(value.StdoutPath);
        Write(value.StderrPath);
        Write(value.Duration);
    }

    /// <summary>Writes a count of elements, or -1 for null.</summary>
    public void WriteLength(int length) => Write(length);

    /// <summary>Writes whether a reference is present; returns it, so generated code writes the value only when true.</summary>
    public bool WritePresence([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] object? value)
    {
        Write(value is not null);
        return value is not null;
    }

    /// <summary>Writes a value through a source-generated JSON contract: the fallback for types the generator cannot lay out.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        // Length-prefixed: reserve the prefix, write the JSON, then fill the prefix in.
        var start = _buffer.WrittenCount;
        Write(0);
        var json = _json ??= new Utf8JsonWriter(_buffer);
        json.Reset(_buffer);
        JsonSerializer.Serialize(json, value, typeInfo);
        json.Flush();
        var size = _buffer.WrittenCount - start - 4;
        BinaryPrimitives.WriteInt32LittleEndian(WrittenSpanAt(start), size);
    }

    // ArrayBufferWriter exposes only the written span as read-only; the prefix is patched through the array under it.
    private Span<byte> WrittenSpanAt(int offset) =>
        System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(_buffer.WrittenSpan), _buffer.WrittenCount)[offset..];
}
