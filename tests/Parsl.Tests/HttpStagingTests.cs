using System.Text;
using Parsl.Staging;

namespace Parsl.Tests;

/// <summary>Remote files fetched over real HTTP (Kestrel on loopback) before the apps that read them run.</summary>
public sealed class HttpStagingTests : KernelTest
{
    [Fact]
    public async Task Code_and_bash_apps_read_the_staged_copy_of_a_url()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/data/greeting.txt"] = Encoding.UTF8.GetBytes("hello from afar\n");
        var file = new DataFile(server.BaseUrl + "/data/greeting.txt");

        var text = await RemoteFileApps.ReadTextAsync(file);
        var counted = await RemoteFileApps.CountBytesAsync(file, ScratchFile("count.txt"));

        Assert.Equal("hello from afar\n", text);
        Assert.Equal("16", File.ReadAllText(counted.StdoutPath!).Trim());
        Assert.StartsWith(Path.Combine(Kernel.RunDirectory, "staging"), file.LocalPath);
        Assert.Equal("greeting.txt", Path.GetFileName(file.LocalPath));
    }

    [Fact]
    public async Task Three_apps_asking_for_one_url_at_once_fetch_it_once()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/big.dat"] = new byte[5 << 20];
        var url = server.BaseUrl + "/big.dat";

        var readers = Enumerable.Range(0, 3).Select(_ => RemoteFileApps.TotalLengthAsync([new DataFile(url)])).ToList();

        foreach (var reader in readers)
            Assert.Equal(5 << 20, await reader);
        Assert.Equal(1, server.Requests["/big.dat"]);
    }

    [Fact]
    public async Task A_failed_download_fails_exactly_the_apps_that_read_it_with_the_status_in_the_report()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/present.txt"] = "here"u8.ToArray();
        var missing = new DataFile(server.BaseUrl + "/absent.txt");

        var reader = RemoteFileApps.ReadTextAsync(missing);
        var unaffected = RemoteFileApps.ReadTextAsync(new DataFile(server.BaseUrl + "/present.txt"));

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await reader);
        Assert.Equal("here", await unaffected);
        Assert.Equal(TaskState.DependencyFailed, reader.State);
        var staging = Assert.IsType<StagingException>(error.InnerException);
        Assert.Same(missing, staging.File);
        Assert.Contains($"input 'file' <- stage-in {missing.Url} failed with StagingException: staging {missing.Url} failed: 404 Not Found", error.Message);
    }

    [Fact]
    public async Task Cancelling_the_run_while_a_server_never_answers_ends_the_download_and_its_readers()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Silent["/stuck.dat"] = true;
        var reader = RemoteFileApps.ReadTextAsync(new DataFile(server.BaseUrl + "/stuck.dat"));
        await Poll.UntilAsync(() => server.Requests.ContainsKey("/stuck.dat"), "the download to reach the server");

        await Kernel.ShutdownAsync(cancelOutstanding: true);

        Assert.True(reader.IsCompleted);
        Assert.True(reader.State is TaskState.Cancelled or TaskState.DependencyFailed, $"the reader is {reader.State}");
    }

    [Fact]
    public async Task A_scheme_no_provider_fetches_fails_its_readers_saying_so()
    {
        var reader = RemoteFileApps.ReadTextAsync(new DataFile("ftp://127.0.0.1:1/none.txt"));

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await reader);

        Assert.Contains("no staging provider fetches 'ftp' files; add one to ParslConfig.Staging", error.Message);
    }
}
