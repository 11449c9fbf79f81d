using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Parsl;

/// <summary>Turns cached results into checkpoint JSON and back, using source-generated type information only.</summary>
internal sealed class ResultSerializer(IReadOnlyList<JsonSerializerContext> userContexts)
{
    private readonly JsonSerializerContext[] _contexts = [.. userContexts, ParslJsonContext.Default];
    private readonly ConcurrentDictionary<Type, JsonTypeInfo?> _typeInfos = new();

    public JsonTypeInfo<T>? TypeInfo<T>() =>
        (JsonTypeInfo<T>?)_typeInfos.GetOrAdd(typeof(T), type => _contexts.Select(c => c.GetTypeInfo(type)).FirstOrDefault(info => info is not null));

    public byte[]? TrySerialize<T>(T value) => TypeInfo<T>() is { } info ? JsonSerializer.SerializeToUtf8Bytes(value, info) : null;

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
