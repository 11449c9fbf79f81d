using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Parsl.Tests;

/// <summary>
/// A stand-in for Globus Auth and the Globus Transfer API on loopback (Kestrel), answering with the documents Globus
/// documents, and moving files between folders that stand for endpoints. Written from Globus's API reference:
/// token requests and their answers (https://docs.globus.org/api/auth/reference/#token-grant and
/// https://docs.globus.org/api/auth/developer-guide/#obtaining-authorization: authorization code with PKCE, refresh
/// tokens, the Transfer API's token in <c>other_tokens</c>); submission ids, transfer documents and their results
/// (https://docs.globus.org/api/transfer/task_submit/, sections 3.1 and 3.2, "transfer_result" with code "Accepted",
/// HTTP 202); task documents (https://docs.globus.org/api/transfer/task/, "status" ACTIVE, SUCCEEDED or FAILED, with
/// "fatal_error" {code, description}); and errors (https://docs.globus.org/api/transfer/overview/#errors: 401
/// "AuthenticationFailed" for a token that is not active).
/// </summary>
internal sealed class GlobusStandIn : IAsyncDisposable
{
    private const string TransferServer = "transfer.api.globus.org";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _challenges = new(StringComparer.Ordinal);     // code -> PKCE challenge
    private readonly ConcurrentDictionary<string, bool> _accessTokens = new(StringComparer.Ordinal);     // valid access tokens
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _polls = new(StringComparer.Ordinal);

    private GlobusStandIn(WebApplication app) => _app = app;

    /// <summary>Endpoint ids and the folders they stand for.</summary>
    public ConcurrentDictionary<string, string> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>The client id of the one native app this Globus knows.</summary>
    public string ClientId { get; } = Guid.NewGuid().ToString();

    public int AuthorizationCodeGrants;
    public int RefreshGrants;
    public int FilesTransferred;
    public int FilesSkipped;

    public Uri AuthApi => new(_app.Urls.First() + "/v2/");

    public Uri TransferApi => new(_app.Urls.First() + "/v0.10/");

    public static async Task<GlobusStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var globus = new GlobusStandIn(app);
        app.MapPost("/v2/oauth2/token", (HttpRequest request) => globus.TokenAsync(request));
        app.MapGet("/v0.10/submission_id", (HttpRequest request) => globus.Authorized(request, () =>
            Results.Json(new JsonObject { ["DATA_TYPE"] = "submission_id", ["value"] = Guid.NewGuid().ToString() })));
        app.MapPost("/v0.10/transfer", (HttpRequest request) => globus.SubmitAsync(request));
        app.MapGet("/v0.10/task/{id}", (HttpRequest request, string id) => globus.Authorized(request, () => globus.Task(id)));
        await app.StartAsync();
        return globus;
    }

    /// <summary>The user consenting at the authorization URL: the code Globus would show them.</summary>
    public string Consent(Uri authorize)
    {
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        if (query["client_id"] != ClientId || query["code_challenge_method"] != "S256" || query["response_type"] != "code")
            throw new InvalidOperationException($"Globus would refuse this authorization URL: {authorize}");
        var code = "code-" + Guid.NewGuid().ToString("N");
        _challenges[code] = query["code_challenge"]!;
        return code;
    }

    /// <summary>Makes every access token given so far inactive, as their expiry would.</summary>
    public void ExpireAccessTokens() => _accessTokens.Clear();

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId)
            return Results.Json(new JsonObject { ["error"] = "invalid_client" }, statusCode: 401);
        switch ((string?)form["grant_type"])
        {
            case "authorization_code":
                var code = (string?)form["code"] ?? "";
                if (!_challenges.TryRemove(code, out var challenge) || Challenge((string?)form["code_verifier"] ?? "") != challenge)
                    return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
                Interlocked.Increment(ref AuthorizationCodeGrants);
                return Results.Json(new JsonObject
                {
                    ["access_token"] = NewAccessToken(),
                    ["expires_in"] = 172800,
                    ["resource_server"] = "auth.globus.org",
                    ["token_type"] = "Bearer",
                    ["scope"] = "openid",
                    ["other_tokens"] = new JsonArray(TransferToken(NewRefreshToken())),
                });
            case "refresh_token":
                if (!_refreshTokens.ContainsKey((string?)form["refresh_token"] ?? ""))
                    return Results.Json(new JsonObject { ["error"] = "invalid_grant" }, statusCode: 400);
                Interlocked.Increment(ref RefreshGrants);
                return Results.Json(TransferToken((string)form["refresh_token"]!));
            default:
                return Results.Json(new JsonObject { ["error"] = "unsupported_grant_type" }, statusCode: 400);
        }
    }

    private JsonObject TransferToken(string refreshToken) => new()
    {
        ["access_token"] = NewAccessToken(),
        ["expires_in"] = 172800,
        ["resource_server"] = TransferServer,
        ["token_type"] = "Bearer",
        ["scope"] = "urn:globus:auth:scope:transfer.api.globus.org:all",
        ["refresh_token"] = refreshToken,
    };

    private async Task<IResult> SubmitAsync(HttpRequest request)
    {
        if (Unauthorized(request) is { } refused)
            return refused;
        var transfer = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        var item = transfer["DATA"]!.AsArray().Single()!.AsObject();
        if ((string?)transfer["DATA_TYPE"] != "transfer" || (string?)item["DATA_TYPE"] != "transfer_item" || transfer["submission_id"] is null)
            return Results.Json(new JsonObject { ["code"] = "ClientError.BadRequest", ["message"] = "not a transfer document" }, statusCode: 400);
        var taskId = Guid.NewGuid().ToString();
        var source = PathOn((string)transfer["source_endpoint"]!, (string)item["source_path"]!);
        var destination = PathOn((string)transfer["destination_endpoint"]!, (string)item["destination_path"]!);
        JsonNode? fatal = null;
        if (!File.Exists(source))
            fatal = new JsonObject { ["code"] = "FILE_NOT_FOUND", ["description"] = $"No such file or directory: {(string)item["source_path"]!}" };
        else if ((string?)transfer["sync_level"] == "checksum" && File.Exists(destination) && File.ReadAllBytes(destination).AsSpan().SequenceEqual(File.ReadAllBytes(source)))
            Interlocked.Increment(ref FilesSkipped);
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination, overwrite: true);
            Interlocked.Increment(ref FilesTransferred);
        }
        _tasks[taskId] = new JsonObject
        {
            ["DATA_TYPE"] = "task",
            ["task_id"] = taskId,
            ["type"] = "TRANSFER",
            ["label"] = (string?)transfer["label"],
            ["source_endpoint_id"] = (string)transfer["source_endpoint"]!,
            ["destination_endpoint_id"] = (string)transfer["destination_endpoint"]!,
            ["status"] = fatal is null ? "SUCCEEDED" : "FAILED",
            ["nice_status"] = fatal is null ? null : "FILE_NOT_FOUND",
            ["fatal_error"] = fatal,
            ["files"] = 1,
        };
        return Results.Json(new JsonObject
        {
            ["DATA_TYPE"] = "transfer_result",
            ["code"] = "Accepted",
            ["message"] = "The transfer has been accepted and a task has been created and queued for execution",
            ["request_id"] = Guid.NewGuid().ToString("N")[..9],
            ["resource"] = "/transfer",
            ["submission_id"] = (string?)transfer["submission_id"],
            ["task_id"] = taskId,
        }, statusCode: 202);
    }

    // A task is ACTIVE when first asked about, then shows how it ended: the client has to poll.
    private IResult Task(string id)
    {
        if (!_tasks.TryGetValue(id, out var task))
            return Results.Json(new JsonObject { ["code"] = "ClientError.NotFound", ["message"] = $"Task {id} not found" }, statusCode: 404);
        if (_polls.AddOrUpdate(id, 1, (_, n) => n + 1) == 1)
            return Results.Json(new JsonObject { ["DATA_TYPE"] = "task", ["task_id"] = id, ["status"] = "ACTIVE", ["nice_status"] = "Queued", ["fatal_error"] = null });
        return Results.Json(task);
    }

    private IResult Authorized(HttpRequest request, Func<IResult> answer) => Unauthorized(request) ?? answer();

    private IResult? Unauthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _accessTokens.ContainsKey(header["Bearer ".Length..])
            ? null
            : Results.Json(new JsonObject
            {
                ["code"] = "AuthenticationFailed", ["message"] = "Token is not active",
                ["request_id"] = Guid.NewGuid().ToString("N")[..9], ["resource"] = request.Path.Value,
            }, statusCode: 401);
    }

    private string PathOn(string endpoint, string path) =>
        Path.Combine(Endpoints.TryGetValue(endpoint, out var root) ? root : throw new InvalidOperationException($"no endpoint {endpoint}"), path.TrimStart('/'));

    private string NewAccessToken()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _accessTokens[token] = true;
        return token;
    }

    private string NewRefreshToken()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _refreshTokens[token] = true;
        return token;
    }

    private static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
