using System.Text.Json.Nodes;

namespace Parsl.Staging;

/// <summary>The Transfer API's tokens as kept on disk: one JSON object, written to a file only its owner can read.</summary>
internal sealed record GlobusTokens(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt)
{
    public static GlobusTokens? Read(string path)
    {
        if (!File.Exists(path))
            return null;
        var json = JsonNode.Parse(File.ReadAllText(path))?.AsObject();
        return json?["access_token"] is null ? null : new GlobusTokens(
            (string)json["access_token"]!, (string?)json["refresh_token"], DateTimeOffset.FromUnixTimeSeconds((long?)json["expires_at"] ?? 0));
    }

    /// <summary>Writes the tokens, the folder made owner-only (700) and the file created owner-only (600), never wider even for a moment.</summary>
    public void Write(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(folder);
            else
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var json = new JsonObject
        {
            ["access_token"] = AccessToken,
            ["refresh_token"] = RefreshToken,
            ["expires_at"] = ExpiresAt.ToUnixTimeSeconds(),
        }.ToJsonString();
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.Delete(temporary); // a leftover could have wider permissions, which creating keeps
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new StreamWriter(temporary, System.Text.Encoding.UTF8, options))
            file.Write(json);
        File.Move(temporary, path, overwrite: true);
    }
}
