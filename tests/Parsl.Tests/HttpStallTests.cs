using Parsl.Staging;

namespace Parsl.Tests;

/// <summary>
/// A server that stops sending in the middle of a body, the connection still open (a hung server, a dropped route):
/// with no byte for the client's timeout the download counts as cut, and the next attempt asks for the rest.
/// </summary>
public sealed class HttpStallTests : KernelTest
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(2);

    protected override ParslConfig Configure(ParslConfig config) =>
        config with { Staging = [new HttpStaging(new HttpClient { Timeout = ClientTimeout })] };

    [Fact]
    public async Task A_download_that_stops_mid_body_is_cut_after_the_clients_timeout_and_goes_on_from_where_it_stopped()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var content = HttpStagingTests.Content(4 << 20);
        server.Files["/stalled.dat"] = content;
        server.CutAfter["/stalled.dat"] = 1 << 20;
        var never = new TaskCompletionSource();
        server.CutWhen["/stalled.dat"] = never.Task; // it sends a quarter, then nothing, and keeps the connection

        var hash = await RemoteFileApps.HashAsync(new DataFile(server.BaseUrl + "/stalled.dat")).AsTask().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), hash);
        Assert.Equal(2, server.Requests["/stalled.dat"]);
        Assert.Contains(server.RangesAsked["/stalled.dat"], range => range.StartsWith("bytes=", StringComparison.Ordinal)); // resumed, not begun again
        never.SetResult();
    }
}
