using Parsl.Staging;

namespace Parsl.Tests;

/// <summary>
/// <c>globus://</c> files moved through the Globus Transfer API with tokens from Globus Auth, against a stand-in that
/// answers as Globus documents (<see cref="GlobusStandIn"/>): consent asked once, tokens kept owner-only, renewed by the
/// refresh token, transfers submitted and polled, and a failed transfer in its readers' reports.
/// </summary>
public sealed class GlobusStagingTests : IAsyncLifetime
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-globus-").FullName;
    private GlobusStandIn _globus = null!;
    private readonly List<Uri> _asked = [];

    private string Remote => Path.Combine(_scratch, "remote-endpoint");

    private string TokenFile => Path.Combine(_scratch, "config", "parsl", "globus-tokens.json");

    public async Task InitializeAsync()
    {
        _globus = await GlobusStandIn.StartAsync();
        _globus.Endpoints["remote-ep"] = Remote;
        _globus.Endpoints["local-ep"] = "/";
        Directory.CreateDirectory(Path.Combine(Remote, "data"));
        File.WriteAllText(Path.Combine(Remote, "data", "input.txt"), "moved by globus\n");
    }

    private GlobusAuth Auth(Func<Uri, CancellationToken, Task<string>>? ask = null) => new(_globus.ClientId)
    {
        AuthApi = _globus.AuthApi,
        TokenFile = TokenFile,
        AskForCode = ask ?? ((url, _) =>
        {
            _asked.Add(url);
            return Task.FromResult(_globus.Consent(url));
        }),
    };

    private async Task<T> RunAsync<T>(GlobusAuth auth, Func<Task<T>> workflow)
    {
        using var staging = new GlobusStaging(auth, "local-ep") { TransferApi = _globus.TransferApi, PollInterval = TimeSpan.FromMilliseconds(20) };
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [new Executors.ThreadPoolExecutor("local", 2)],
            RunDirectory = Path.Combine(_scratch, "runinfo"),
            ExitOnCtrlC = false,
            Staging = [staging],
        });
        return await workflow();
    }

    [Fact]
    public async Task The_first_run_asks_for_consent_once_and_keeps_the_tokens_where_only_their_owner_can_read_them()
    {
        using var auth = Auth();

        var texts = await RunAsync(auth, async () => await Task.WhenAll(
            RemoteFileApps.ReadTextAsync(new DataFile("globus://remote-ep/data/input.txt")).AsTask(),
            RemoteFileApps.CountBytesAsync(new DataFile("globus://remote-ep/data/input.txt"), Path.Combine(_scratch, "count.txt")).AsTask().ContinueWith(t => File.ReadAllText(t.Result.StdoutPath!).Trim())));

        Assert.Equal(["moved by globus\n", "16"], texts);
        var url = Assert.Single(_asked);
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.Equal(GlobusAuth.TransferScope + " offline_access", query["scope"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(1, _globus.AuthorizationCodeGrants);
        Assert.Equal(1, _globus.FilesTransferred); // one transfer for both readers
        Assert.False(OperatingSystem.IsWindows(), "these tests run where files have Unix modes");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(TokenFile)!));
        }
        Assert.Contains("refresh_token", File.ReadAllText(TokenFile));
    }

    [Fact]
    public async Task A_later_run_renews_an_expired_token_with_the_refresh_token_and_asks_no_one()
    {
        using (var first = Auth())
            await RunAsync(first, () => RemoteFileApps.ReadTextAsync(new DataFile("globus://remote-ep/data/input.txt")).AsTask());
        _globus.ExpireAccessTokens();

        using var later = Auth((_, _) => throw new InvalidOperationException("a later run must not ask for consent again"));
        var text = await RunAsync(later, () => RemoteFileApps.ReadTextAsync(new DataFile("globus://remote-ep/data/input.txt")).AsTask());

        Assert.Equal("moved by globus\n", text);
        Assert.Equal(1, _globus.AuthorizationCodeGrants);
        Assert.Equal(1, _globus.RefreshGrants);
        Assert.Equal(1, _globus.FilesSkipped); // the copy of the first run had the same checksum: Globus skipped it
    }

    [Fact]
    public async Task A_result_is_sent_to_its_endpoint_and_a_missing_file_fails_its_reader_with_globus_error()
    {
        using var auth = Auth();

        var (sent, failure) = await RunAsync(auth, async () =>
        {
            var shouted = RemoteFileApps.ShoutAsync(new DataFile("globus://remote-ep/data/input.txt"), new DataFile("globus://remote-ep/results/shouted.txt"));
            var missing = RemoteFileApps.ReadTextAsync(new DataFile("globus://remote-ep/data/absent.txt"));
            return (await shouted.Outputs[0], await Assert.ThrowsAsync<DependencyFailedException>(async () => await missing));
        });

        Assert.Equal("globus://remote-ep/results/shouted.txt", sent.Url);
        Assert.Equal("MOVED BY GLOBUS\n", File.ReadAllText(Path.Combine(Remote, "results", "shouted.txt")));
        Assert.Contains("staging globus://remote-ep/data/absent.txt failed: Globus transfer task", failure.Message);
        Assert.Contains("failed: FILE_NOT_FOUND: No such file or directory: /data/absent.txt", failure.Message);
    }

    public async Task DisposeAsync()
    {
        await _globus.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }
}
