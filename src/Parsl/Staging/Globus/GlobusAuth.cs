using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Parsl.Staging;

/// <summary>
/// Access tokens for the Globus Transfer API from Globus Auth, by the OAuth 2 flow for native apps (authorization code
/// with PKCE; https://docs.globus.org/api/auth/developer-guide/#obtaining-authorization): the first time, the user opens
/// a URL, consents, and pastes the code it shows; the refresh token that comes back is kept in <see cref="TokenFile"/>
/// (readable by its owner alone) and renews the access token from then on, with no one asked again.
/// </summary>
public sealed class GlobusAuth : IDisposable
{
    /// <summary>The scope of the Transfer API, plus <c>offline_access</c> for a refresh token.</summary>
    public const string TransferScope = "urn:globus:auth:scope:transfer.api.globus.org:all";

    private readonly HttpClient _client;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Tokens for the native app <paramref name="clientId"/> (register one at Globus, "thick client").</summary>
    public GlobusAuth(string clientId) : this(clientId, new HttpClient()) { }

    /// <summary>Tokens for <paramref name="clientId"/>, asked for through <paramref name="client"/>.</summary>
    public GlobusAuth(string clientId, HttpClient client)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentNullException.ThrowIfNull(client);
        ClientId = clientId;
        _client = client;
    }

    /// <summary>The native app's client id.</summary>
    public string ClientId { get; }

    /// <summary>Globus Auth's base URL (its <c>oauth2/authorize</c> and <c>oauth2/token</c> are below it).</summary>
    public Uri AuthApi { get; init; } = new("https://auth.globus.org/v2/");

    /// <summary>Where the code is shown to the user after consent: Globus's page for native apps.</summary>
    public Uri RedirectUri { get; init; } = new("https://auth.globus.org/v2/web/auth-code");

    /// <summary>Where the tokens are kept: <c>~/.config/parsl/globus-tokens.json</c> by default, mode 600.</summary>
    public string TokenFile { get; init; } = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } config ? config : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
        "parsl", "globus-tokens.json");

    /// <summary>
    /// Asks the user to open the authorization URL and returns the code Globus showed them. By default it prints the URL
    /// on stderr and reads the code from stdin; a notebook or a GUI sets its own.
    /// </summary>
    public Func<Uri, CancellationToken, Task<string>> AskForCode { get; init; } = AskOnTheConsoleAsync;

    /// <summary>A valid access token for the Transfer API: the stored one, renewed, or (the first time) asked for.</summary>
    internal async Task<string> AccessTokenAsync(bool renew, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = GlobusTokens.Read(TokenFile);
            if (!renew && stored is { } current && current.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(1))
                return current.AccessToken;
            var tokens = stored?.RefreshToken is { } refresh
                ? await RefreshAsync(refresh, cancellationToken).ConfigureAwait(false)
                : await AuthorizeAsync(cancellationToken).ConfigureAwait(false);
            tokens.Write(TokenFile);
            return tokens.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<GlobusTokens> AuthorizeAsync(CancellationToken cancellationToken)
    {
        // PKCE (RFC 7636): the code is worth nothing without the verifier, which never leaves this process.
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = new UriBuilder(new Uri(AuthApi, "oauth2/authorize"))
        {
            Query = Form(("client_id", ClientId), ("redirect_uri", RedirectUri.AbsoluteUri), ("scope", TransferScope + " offline_access"),
                ("response_type", "code"), ("code_challenge", challenge), ("code_challenge_method", "S256"), ("access_type", "offline"),
                ("prompt", "login")),
        }.Uri;
        var code = (await AskForCode(authorize, cancellationToken).ConfigureAwait(false)).Trim();
        if (code.Length == 0)
            throw new InvalidOperationException("No Globus authorization code was given: open the URL, consent, and paste the code Globus shows.");
        return await TokenAsync([("grant_type", "authorization_code"), ("code", code), ("redirect_uri", RedirectUri.AbsoluteUri), ("client_id", ClientId), ("code_verifier", verifier)],
            null, cancellationToken).ConfigureAwait(false);
    }

    private Task<GlobusTokens> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        TokenAsync([("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", ClientId)], refreshToken, cancellationToken);

    /// <summary>Posts to the token endpoint and keeps the Transfer API's token, found at the top or in <c>other_tokens</c>.</summary>
    private async Task<GlobusTokens> TokenAsync((string, string)[] form, string? oldRefreshToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(AuthApi, "oauth2/token"))
        {
            Content = new FormUrlEncodedContent(form.Select(pair => new KeyValuePair<string, string>(pair.Item1, pair.Item2))),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Globus Auth refused the token request ({(int)response.StatusCode} {response.ReasonPhrase}): {body}. " +
                (oldRefreshToken is null ? "Check the client id (a native app's)." : $"The refresh token may have been revoked: delete {TokenFile} to log in again."));
        var json = JsonNode.Parse(body)?.AsObject() ?? throw new InvalidOperationException($"Globus Auth answered the token request with no JSON object: {body}");
        var transfer = new[] { json }.Concat(json["other_tokens"]?.AsArray().OfType<JsonObject>() ?? [])
            .FirstOrDefault(token => (string?)token["resource_server"] == "transfer.api.globus.org")
            ?? throw new InvalidOperationException($"Globus Auth gave no token for the Transfer API (scope {TransferScope}): {body}");
        return new GlobusTokens(
            (string?)transfer["access_token"] ?? throw new InvalidOperationException("Globus Auth's token has no access_token"),
            (string?)transfer["refresh_token"] ?? oldRefreshToken,
            DateTimeOffset.UtcNow.AddSeconds((double?)transfer["expires_in"] ?? 0));
    }

    private static Task<string> AskOnTheConsoleAsync(Uri authorize, CancellationToken cancellationToken) =>
        Hosting.ScriptHost.AskAsync($"Globus: to let this workflow move files, open\n  {authorize}\nlog in, consent, and paste the code shown here: ", cancellationToken);

    private static string Form(params (string Name, string Value)[] pairs) =>
        string.Join('&', pairs.Select(pair => $"{Uri.EscapeDataString(pair.Name)}={Uri.EscapeDataString(pair.Value)}"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        _gate.Dispose();
    }
}
