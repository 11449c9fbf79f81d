using Parsl.Files;

namespace Parsl.Checkpointing;

/// <summary>
/// One cached outcome in a checkpoint: its key, app, the result as JSON (or, for a cached failure, the exception's type
/// and message as JSON), and the output files it vouches for.
/// </summary>
internal sealed record CheckpointRecord(CacheKey Key, string AppId, byte[] Json, OutputFile[] Outputs, bool IsFailure = false)
{
    /// <summary>The JSON of a failure record: <c>{"type": "...", "message": "..."}</c>.</summary>
    public static byte[] FailureJson(Exception exception)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", (exception as CachedFailureException)?.ExceptionType ?? exception.GetType().FullName);
            writer.WriteString("message", (exception as CachedFailureException)?.OriginalMessage ?? exception.Message);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The recorded failure as an exception to rethrow.</summary>
    public CachedFailureException ToException(AppDescriptor app)
    {
        using var document = System.Text.Json.JsonDocument.Parse(Json);
        return new CachedFailureException(app, document.RootElement.GetProperty("type").GetString() ?? "?", document.RootElement.GetProperty("message").GetString() ?? "");
    }

    /// <summary>True when every output file still exists with the content it had when the result was recorded.</summary>
    public bool OutputsUnchanged() => OutputFile.AllUnchanged(Outputs);
}
