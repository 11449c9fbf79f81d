using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Parsl.Staging;

/// <summary>
/// Moves <c>globus://&lt;endpoint id&gt;/&lt;path&gt;</c> files with the Globus Transfer API (Parsl's <c>GlobusStaging</c>):
/// a transfer task between the file's endpoint (a collection) and <see cref="LocalEndpoint"/>, the one that sees this
/// machine's files, submitted and polled until it succeeded or failed
/// (https://docs.globus.org/api/transfer/task_submit/, https://docs.globus.org/api/transfer/task/). Tokens come from
/// <see cref="GlobusAuth"/>. Transfers use <c>sync_level</c> "checksum", so a copy that is already current is not moved
/// again: Globus compares checksums and skips it.
/// </summary>
public sealed class GlobusStaging : IStagingProvider, IDisposable
{
    private readonly HttpClient _client;

    /// <summary>
    /// Staging through <paramref name="localEndpoint"/>, the endpoint id of this machine (e.g. its Globus Connect
    /// Personal), which sees the local folder <paramref name="localPath"/> as <paramref name="endpointPath"/>; the Transfer
    /// API is asked through <paramref name="client"/> (a new one when null).
    /// </summary>
    public GlobusStaging(GlobusAuth auth, string localEndpoint, string localPath = "/", string endpointPath = "/", HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentException.ThrowIfNullOrWhiteSpace(localEndpoint);
        Auth = auth;
        LocalEndpoint = localEndpoint;
        LocalPath = Path.GetFullPath(localPath);
        EndpointPath = endpointPath.EndsWith('/') ? endpointPath : endpointPath + "/";
        _client = client ?? new HttpClient();
    }

    /// <summary>Where the Transfer API's tokens come from.</summary>
    public GlobusAuth Auth { get; }

    /// <summary>The endpoint (collection) id that sees this machine's files.</summary>
    public string LocalEndpoint { get; }

    /// <summary>The local folder <see cref="LocalEndpoint"/> shares; staged copies must be inside it.</summary>
    public string LocalPath { get; }

    /// <summary>The same folder as the endpoint names it.</summary>
    public string EndpointPath { get; }

    /// <summary>The Transfer API's base URL.</summary>
    public Uri TransferApi { get; init; } = new("https://transfer.api.globus.org/v0.10/");

    /// <summary>How often a submitted transfer is asked about. Default 2 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public IReadOnlyList<string> Schemes { get; } = ["globus"];

    /// <inheritdoc />
    public async Task<string?> StageInAsync(DataFile file, string localPath, string? cachedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await TransferAsync(file, file.Host!, file.Path, LocalEndpoint, EndpointPathOf(file, localPath), cancellationToken).ConfigureAwait(false);
        return null; // Globus keeps the checksums; the copy's content keys cached apps
    }

    /// <inheritdoc />
    public Task StageOutAsync(string localPath, DataFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return TransferAsync(file, LocalEndpoint, EndpointPathOf(file, localPath), file.Host!, file.Path, cancellationToken);
    }

    /// <summary>Submits one transfer and waits until Globus says it succeeded; throws <see cref="StagingException"/> when it failed.</summary>
    private async Task TransferAsync(DataFile file, string sourceEndpoint, string sourcePath, string destinationEndpoint, string destinationPath, CancellationToken cancellationToken)
    {
        // A submission id first: resubmitting with it after a lost answer cannot start the transfer twice.
        var submission = await CallAsync(file, HttpMethod.Get, "submission_id", null, cancellationToken).ConfigureAwait(false);
        var transfer = new JsonObject
        {
            ["DATA_TYPE"] = "transfer",
            ["submission_id"] = (string?)submission["value"],
            ["source_endpoint"] = sourceEndpoint,
            ["destination_endpoint"] = destinationEndpoint,
            ["label"] = Label(file),
            ["sync_level"] = "checksum",
            ["verify_checksum"] = true,
            ["DATA"] = new JsonArray(new JsonObject
            {
                ["DATA_TYPE"] = "transfer_item",
                ["source_path"] = sourcePath,
                ["destination_path"] = destinationPath,
                ["recursive"] = false,
            }),
        };
        var result = await CallAsync(file, HttpMethod.Post, "transfer", transfer, cancellationToken).ConfigureAwait(false);
        var taskId = (string?)result["task_id"] ?? throw new StagingException(file, $"Globus accepted the transfer but named no task: {result.ToJsonString()}");
        while (true)
        {
            var task = await CallAsync(file, HttpMethod.Get, $"task/{Uri.EscapeDataString(taskId)}", null, cancellationToken).ConfigureAwait(false);
            switch ((string?)task["status"])
            {
                case "SUCCEEDED":
                    return;
                case "FAILED":
                    var error = task["fatal_error"];
                    throw new StagingException(file, $"Globus transfer task {taskId} failed: {(string?)error?["code"] ?? "FAILED"}: {(string?)error?["description"] ?? (string?)task["nice_status"]}");
            }
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One call of the Transfer API with the current token; a 401 renews the token once and tries again.</summary>
    private async Task<JsonObject> CallAsync(DataFile file, HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        for (var renew = false; ; renew = true)
        {
            var token = await Auth.AccessTokenAsync(renew, cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, new Uri(TransferApi, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (body is not null)
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException failure)
            {
                throw new StagingException(file, $"the Globus Transfer API could not be reached: {failure.Message}", failure);
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized && !renew)
                    continue;
                if (!response.IsSuccessStatusCode)
                {
                    // Errors are {"code": …, "message": …} documents (https://docs.globus.org/api/transfer/overview/#errors).
                    var error = TryParse(text);
                    throw new StagingException(file, $"the Globus Transfer API answered {(int)response.StatusCode}: {(string?)error?["code"] ?? response.ReasonPhrase}: {(string?)error?["message"] ?? text}");
                }
                return TryParse(text) ?? throw new StagingException(file, $"the Globus Transfer API answered {path} with no JSON object: {text}");
            }
        }
    }

    /// <summary>The endpoint's name for a local path, which must be inside <see cref="LocalPath"/>.</summary>
    private string EndpointPathOf(DataFile file, string localPath)
    {
        var relative = Path.GetRelativePath(LocalPath, Path.GetFullPath(localPath));
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new StagingException(file,
                $"its local copy {Path.GetFullPath(localPath)} is outside {LocalPath}, the folder endpoint {LocalEndpoint} shares; put the run directory inside it, or give GlobusStaging the folder the endpoint shares");
        return EndpointPath + relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    // Labels: at most 128 characters, none of \r \n, no surrounding white space (task_submit, "label").
    private static string Label(DataFile file)
    {
        var label = "parsl " + file.Name;
        return (label.Length > 128 ? label[..128] : label).Replace('\r', ' ').Replace('\n', ' ').Trim();
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
