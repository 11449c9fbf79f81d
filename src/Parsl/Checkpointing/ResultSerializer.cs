using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using System.Text.Json;
using Parsl.Files;

namespace Parsl.Checkpointing;

/// <summary>Turns cached results into checkpoint JSON and back, using source-generated type information only.</summary>
internal sealed class ResultSerializer(IReadOnlyList<JsonSerializerContext> userContexts)
{
    // Parsl's own context first: a user's context also answers for the numbers its records hold, with its own (stricter)
    // options, and results that are plain numbers must keep reading back as they were written, NaN included.
    private readonly JsonSerializerContext[] _contexts = [ParslJsonContext.Default, .. userContexts];
    private readonly ConcurrentDictionary<Type, JsonTypeInfo?> _typeInfos = new();

    public JsonTypeInfo<T>? TypeInfo<T>() =>
        (JsonTypeInfo<T>?)_typeInfos.GetOrAdd(typeof(T), type => _contexts.Select(c => c.GetTypeInfo(type)).FirstOrDefault(info => info is not null));

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>The framed checkpoint record of a result, or null when its type has no JSON type information.</summary>
    public byte[]? TryEncodeRecord<T>(CacheKey key, AppDescriptor app, T value, OutputFile[] outputs)
    {
        if (TypeInfo<T>() is not { } info)
            return null;
        // Serialized into a per-thread buffer and framed in one array: this runs for every cached task.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, info);
        writer.Flush();
        return CheckpointFormat.Encode(key, app.IdUtf8, buffer.WrittenSpan, outputs);
    }

    public bool TryDeserialize<T>(byte[] json, out T value)
    {
        value = default!;
        if (TypeInfo<T>() is not { } info)
            return false;
        try
        {
            value = JsonSerializer.Deserialize(json, info)!;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
