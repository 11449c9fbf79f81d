namespace Parsl.Wire;

/// <summary>
/// Writes and reads one of the scalar types the generator knows (numbers, strings, dates, GUIDs, byte arrays, files,
/// bash results), chosen by the type argument: for value types the JIT folds the tests away, so this costs what the
/// direct call costs. Lets apps that take and return only scalars share one codec instead of generated lambdas.
/// </summary>
/// <typeparam name="T">A scalar type.</typeparam>
internal static class WireScalar<T>
{
    public static void Write(WireWriter writer, T value)
    {
        if (typeof(T) == typeof(bool)) writer.Write((bool)(object)value!);
        else if (typeof(T) == typeof(byte)) writer.Write((byte)(object)value!);
        else if (typeof(T) == typeof(sbyte)) writer.Write((sbyte)(object)value!);
        else if (typeof(T) == typeof(short)) writer.Write((short)(object)value!);
        else if (typeof(T) == typeof(ushort)) writer.Write((ushort)(object)value!);
        else if (typeof(T) == typeof(char)) writer.Write((char)(object)value!);
        else if (typeof(T) == typeof(int)) writer.Write((int)(object)value!);
        else if (typeof(T) == typeof(uint)) writer.Write((uint)(object)value!);
        else if (typeof(T) == typeof(long)) writer.Write((long)(object)value!);
        else if (typeof(T) == typeof(ulong)) writer.Write((ulong)(object)value!);
        else if (typeof(T) == typeof(float)) writer.Write((float)(object)value!);
        else if (typeof(T) == typeof(double)) writer.Write((double)(object)value!);
        else if (typeof(T) == typeof(decimal)) writer.Write((decimal)(object)value!);
        else if (typeof(T) == typeof(Guid)) writer.Write((Guid)(object)value!);
        else if (typeof(T) == typeof(DateTime)) writer.Write((DateTime)(object)value!);
        else if (typeof(T) == typeof(DateTimeOffset)) writer.Write((DateTimeOffset)(object)value!);
        else if (typeof(T) == typeof(TimeSpan)) writer.Write((TimeSpan)(object)value!);
        else if (typeof(T) == typeof(Unit)) writer.Write((Unit)(object)value!);
        else if (typeof(T) == typeof(string)) writer.Write((string?)(object?)value);
        else if (typeof(T) == typeof(byte[])) writer.Write((byte[]?)(object?)value);
        else if (typeof(T) == typeof(DataFile)) writer.Write((DataFile?)(object?)value);
        else if (typeof(T) == typeof(BashResult)) writer.Write((BashResult?)(object?)value);
        else throw new InvalidOperationException($"{typeof(T)} is not a wire scalar; the generator lays it out instead.");
    }

    public static T Read(ref WireReader reader)
    {
        if (typeof(T) == typeof(bool)) return (T)(object)reader.ReadBoolean();
        if (typeof(T) == typeof(byte)) return (T)(object)reader.ReadByte();
        if (typeof(T) == typeof(sbyte)) return (T)(object)reader.ReadSByte();
        if (typeof(T) == typeof(short)) return (T)(object)reader.ReadInt16();
        if (typeof(T) == typeof(ushort)) return (T)(object)reader.ReadUInt16();
        if (typeof(T) == typeof(char)) return (T)(object)reader.ReadChar();
        if (typeof(T) == typeof(int)) return (T)(object)reader.ReadInt32();
        if (typeof(T) == typeof(uint)) return (T)(object)reader.ReadUInt32();
        if (typeof(T) == typeof(long)) return (T)(object)reader.ReadInt64();
        if (typeof(T) == typeof(ulong)) return (T)(object)reader.ReadUInt64();
        if (typeof(T) == typeof(float)) return (T)(object)reader.ReadSingle();
        if (typeof(T) == typeof(double)) return (T)(object)reader.ReadDouble();
        if (typeof(T) == typeof(decimal)) return (T)(object)reader.ReadDecimal();
        if (typeof(T) == typeof(Guid)) return (T)(object)reader.ReadGuid();
        if (typeof(T) == typeof(DateTime)) return (T)(object)reader.ReadDateTime();
        if (typeof(T) == typeof(DateTimeOffset)) return (T)(object)reader.ReadDateTimeOffset();
        if (typeof(T) == typeof(TimeSpan)) return (T)(object)reader.ReadTimeSpan();
        if (typeof(T) == typeof(Unit)) return (T)(object)reader.ReadUnit();
        if (typeof(T) == typeof(string)) return (T)(object?)reader.ReadString()!;
        if (typeof(T) == typeof(byte[])) return (T)(object?)reader.ReadByteArray()!;
        if (typeof(T) == typeof(DataFile)) return (T)(object?)reader.ReadDataFile()!;
        if (typeof(T) == typeof(BashResult)) return (T)(object?)reader.ReadBashResult()!;
        throw new InvalidOperationException($"{typeof(T)} is not a wire scalar; the generator lays it out instead.");
    }
}
