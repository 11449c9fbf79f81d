using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Parsl.Files;

namespace Parsl.Checkpointing;

/// <summary>
/// The checkpoint file: a header, then append-only records, each <c>[length][CRC-32][payload]</c>. Appending never
/// rewrites earlier bytes, so a crash can at worst leave a torn last record, which the checksum exposes; a reader
/// skips damaged records with a warning and their tasks simply run again.
/// </summary>
internal static class CheckpointFormat
{
    public const string FileName = "tasks.ckpt";
    private const int MaxRecordLength = 256 << 20;
    private static readonly byte[] s_header = "PARSLCK1"u8.ToArray();

    public static void WriteHeader(Stream stream) => stream.Write(s_header);

    public static byte[] Encode(CheckpointRecord record) =>
        Encode(record.Key, Encoding.UTF8.GetBytes(record.AppId), record.Json, record.Outputs, record.IsFailure);

    /// <summary>Frames one record in a single exactly-sized array (this runs once per cached task, so it avoids streams).</summary>
    public static byte[] Encode(CacheKey key, ReadOnlySpan<byte> appId, ReadOnlySpan<byte> json, OutputFile[] outputs, bool isFailure = false)
    {
        var length = 16 + 4 + appId.Length + 1 + 4 + json.Length + 4;
        foreach (var output in outputs)
            length += 4 + Encoding.UTF8.GetByteCount(output.Path) + 16;
        var framed = new byte[8 + length];
        var payload = framed.AsSpan(8);
        var position = 0;
        BinaryPrimitives.WriteUInt128LittleEndian(payload, key.Value);
        position += 16;
        WriteBytes(payload, ref position, appId);
        payload[position++] = isFailure ? (byte)1 : (byte)0;
        WriteBytes(payload, ref position, json);
        BinaryPrimitives.WriteInt32LittleEndian(payload[position..], outputs.Length);
        position += 4;
        foreach (var output in outputs)
        {
            WriteBytes(payload, ref position, Encoding.UTF8.GetBytes(output.Path));
            BinaryPrimitives.WriteUInt128LittleEndian(payload[position..], output.Hash);
            position += 16;
        }
        BinaryPrimitives.WriteInt32LittleEndian(framed, length);
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(4), Crc32.HashToUInt32(payload));
        return framed;
    }

    private static void WriteBytes(Span<byte> payload, ref int position, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(payload[position..], bytes.Length);
        bytes.CopyTo(payload[(position + 4)..]);
        position += 4 + bytes.Length;
    }

    /// <summary>Reads every intact record; <paramref name="problems"/> says what was skipped and why.</summary>
    public static List<CheckpointRecord> Read(string path, List<string> problems)
    {
        var records = new List<CheckpointRecord>();
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < s_header.Length || !bytes.AsSpan(0, s_header.Length).SequenceEqual(s_header))
        {
            problems.Add($"{path} is not a Parsl checkpoint (bad header); ignored it");
            return records;
        }
        var offset = s_header.Length;
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < 8)
            {
                problems.Add($"{path} ends with a truncated record at byte {offset}; ignored it");
                break;
            }
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (length < 0 || length > MaxRecordLength)
            {
                problems.Add($"{path} has a damaged record header at byte {offset}; ignored the rest of the file");
                break;
            }
            if (bytes.Length - offset - 8 < length)
            {
                problems.Add($"{path} ends with a truncated record at byte {offset}; ignored it");
                break;
            }
            var payload = bytes.AsSpan(offset + 8, length);
            if (Crc32.HashToUInt32(payload) != checksum || !TryDecode(payload, out var record))
                problems.Add($"{path} has a corrupted record at byte {offset} (checksum mismatch); ignored it");
            else
                records.Add(record);
            offset += 8 + length;
        }
        return records;
    }

    private static bool TryDecode(ReadOnlySpan<byte> payload, out CheckpointRecord record)
    {
        record = null!;
        try
        {
            var key = new CacheKey(BinaryPrimitives.ReadUInt128LittleEndian(payload));
            var position = 16;
            var appId = ReadString(payload, ref position);
            var kind = payload[position++];
            var jsonLength = ReadInt(payload, ref position);
            var json = payload.Slice(position, jsonLength).ToArray();
            position += jsonLength;
            var outputs = new OutputFile[ReadInt(payload, ref position)];
            for (var i = 0; i < outputs.Length; i++)
            {
                var path = ReadString(payload, ref position);
                outputs[i] = new OutputFile(path, BinaryPrimitives.ReadUInt128LittleEndian(payload[position..]));
                position += 16;
            }
            record = new CheckpointRecord(key, appId, json, outputs, IsFailure: kind == 1);
            return kind <= 1 && position == payload.Length;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static int ReadInt(ReadOnlySpan<byte> payload, ref int position)
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(payload[position..]);
        position += 4;
        return value;
    }

    private static string ReadString(ReadOnlySpan<byte> payload, ref int position)
    {
        var length = ReadInt(payload, ref position);
        var text = Encoding.UTF8.GetString(payload.Slice(position, length));
        position += length;
        return text;
    }
}
