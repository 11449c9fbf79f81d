using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Parsl;

/// <summary>
/// Reads what <see cref="WireWriter"/> wrote. Every read is bounds-checked: truncated, oversized or otherwise malformed
/// input throws <see cref="WireFormatException"/>, never anything else, and a length is checked against the bytes left
/// before anything is allocated for it.
/// </summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Reads <paramref name="data"/> from its start.</summary>
    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Bytes not yet read.</summary>
    public readonly int Remaining => _data.Length - _position;

    private ReadOnlySpan<byte> Take(int size)
    {
        if (size < 0 || size > _data.Length - _position)
            throw new WireFormatException($"needs {size} bytes at offset {_position}, but only {_data.Length - _position} are left");
        var span = _data.Slice(_position, size);
        _position += size;
        return span;
    }

    /// <summary>Reads a boolean.</summary>
    public bool ReadBoolean() => Take(1)[0] switch
    {
        0 => false,
        1 => true,
        var other => throw new WireFormatException($"byte {other} at offset {_position - 1} is not a boolean"),
    };

    /// <summary>Reads a byte.</summary>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Reads a signed byte.</summary>
    public sbyte ReadSByte() => unchecked((sbyte)Take(1)[0]);

    /// <summary>Reads a 16-bit integer.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    /// <summary>Reads an unsigned 16-bit integer.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    /// <summary>Reads a character.</summary>
    public char ReadChar() => (char)BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    /// <summary>Reads a 32-bit integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>Reads an unsigned 32-bit integer.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>Reads a 64-bit integer.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>Reads an unsigned 64-bit integer.</summary>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads a single-precision number.</summary>
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    /// <summary>Reads a double-precision number.</summary>
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>Reads a decimal.</summary>
    public decimal ReadDecimal()
    {
        Span<int> bits = [ReadInt32(), ReadInt32(), ReadInt32(), ReadInt32()];
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException("the bytes are not a decimal: " + exception.Message);
        }
    }

    /// <summary>Reads a string, or null.</summary>
    public string? ReadString()
    {
        var length = ReadLength();
        if (length < 0)
            return null;
        try
        {
            return Encoding.UTF8.GetString(Take(length));
        }
        catch (DecoderFallbackException exception)
        {
            throw new WireFormatException("a string is not valid UTF-8: " + exception.Message);
        }
    }

    /// <summary>Reads a block of bytes written by <see cref="WireWriter.Write(ReadOnlySpan{byte})"/>.</summary>
    public ReadOnlySpan<byte> ReadBytes() => Take(ReadInt32());

    /// <summary>Reads a byte array, or null.</summary>
    public byte[]? ReadByteArray()
    {
        var length = ReadLength();
        return length < 0 ? null : Take(length).ToArray();
    }

    /// <summary>Adds a read entry to a dictionary being read; a null or repeated key is malformed input.</summary>
    public static void AddEntry<TKey, TValue>(Dictionary<TKey, TValue> dictionary, TKey key, TValue value) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        if (key is null)
            throw new WireFormatException("a dictionary key is null");
        if (!dictionary.TryAdd(key, value))
            throw new WireFormatException($"the dictionary key '{key}' appears twice");
    }

    /// <summary>Reads a GUID.</summary>
    public Guid ReadGuid() => new(Take(16));

    /// <summary>Reads a date and time.</summary>
    public DateTime ReadDateTime()
    {
        var binary = ReadInt64();
        try
        {
            return DateTime.FromBinary(binary);
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException("the bytes are not a date: " + exception.Message);
        }
    }

    /// <summary>Reads a date and time with its offset.</summary>
    public DateTimeOffset ReadDateTimeOffset()
    {
        var ticks = ReadInt64();
        var minutes = ReadInt16();
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes));
        }
        catch (ArgumentException exception)
        {
            throw new WireFormatException("the bytes are not a date with an offset: " + exception.Message);
        }
    }

    /// <summary>Reads a time span.</summary>
    public TimeSpan ReadTimeSpan() => new(ReadInt64());

    /// <summary>Reads a date.</summary>
    public DateOnly ReadDateOnly()
    {
        var day = ReadInt32();
        return day is >= 0 and <= 3652058 ? DateOnly.FromDayNumber(day) : throw new WireFormatException($"{day} is not a day number");
    }

    /// <summary>Reads a time of day.</summary>
    public TimeOnly ReadTimeOnly()
    {
        var ticks = ReadInt64();
        return ticks is >= 0 and < TimeSpan.TicksPerDay ? new TimeOnly(ticks) : throw new WireFormatException($"{ticks} ticks is not a time of day");
    }

    /// <summary>Reads a half-precision number.</summary>
    public Half ReadHalf() => BinaryPrimitives.ReadHalfLittleEndian(Take(2));

    /// <summary>Reads a 128-bit integer.</summary>
    public Int128 ReadInt128() => BinaryPrimitives.ReadInt128LittleEndian(Take(16));

    /// <summary>Reads an unsigned 128-bit integer.</summary>
    public UInt128 ReadUInt128() => BinaryPrimitives.ReadUInt128LittleEndian(Take(16));

    /// <summary>Reads an integer of any size.</summary>
    public System.Numerics.BigInteger ReadBigInteger() =>
        ReadLength() is var length and >= 0 ? new(Take(length)) : throw new WireFormatException("an integer has no length");

    /// <summary>Reads a file reference.</summary>
    public DataFile? ReadDataFile() =>
        ReadString() is { } url ? new DataFile(url) { LocalCopy = ReadString() ?? StagedCopies?.GetValueOrDefault(url) } : null;

    /// <summary>On a worker that staged remote files itself: their copies by URL, for files that arrive without one.</summary>
    internal IReadOnlyDictionary<string, string>? StagedCopies { get; init; }

    /// <summary>Reads the nothing a void app returns.</summary>
    public readonly Unit ReadUnit() => Unit.Value;

    /// <summary>Reads a bash app's result.</summary>
    public BashResult? ReadBashResult()
    {
        if (!ReadBoolean())
            return null;
        return new BashResult(ReadString() ?? "", ReadInt32(), ReadString(), ReadString(), ReadTimeSpan());
    }

    /// <summary>
    /// Reads a count of elements (-1 for null), checked against the bytes left: every element takes at least
    /// <paramref name="minElementSize"/> bytes, so a forged count cannot make the reader allocate more than it was sent.
    /// </summary>
    public int ReadLength(int minElementSize = 1)
    {
        var length = ReadInt32();
        if (length < -1 || (length > 0 && (long)length * Math.Max(minElementSize, 0) > Remaining))
            throw new WireFormatException($"a length of {length} does not fit the {Remaining} bytes left");
        return length;
    }

    /// <summary>Reads whether a reference is present.</summary>
    public bool ReadPresence() => ReadBoolean();

    /// <summary>Reads a value written by <see cref="WireWriter.WriteJson{T}"/>.</summary>
    public T ReadJson<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var json = ReadBytes();
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo)!;
        }
        catch (JsonException exception)
        {
            throw new WireFormatException($"the JSON of a {typeof(T).Name} does not read back: {exception.Message}");
        }
    }

    /// <summary>Throws unless every byte was read: trailing bytes mean writer and reader disagree.</summary>
    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
            throw new WireFormatException($"{Remaining} bytes are left over after the value");
    }
}
