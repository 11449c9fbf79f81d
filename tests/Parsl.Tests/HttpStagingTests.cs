using System.Text;
using Parsl.Events;
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
        Assert.StartsWith(Path.Combine(Path.GetDirectoryName(Kernel.RunDirectory)!, "staging"), file.LocalPath);
        Assert.Equal("greeting.txt", Path.GetFileName(file.LocalPath));
    }

    [Fact]
    public async Task Three_apps_asking_for_one_50_MiB_url_at_once_fetch_it_once()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/big.dat"] = Content(50 << 20);
        var url = server.BaseUrl + "/big.dat";

        var readers = Enumerable.Range(0, 3).Select(_ => RemoteFileApps.HashAsync(new DataFile(url))).ToList();

        foreach (var reader in readers)
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(server.Files["/big.dat"])), await reader);
        Assert.Equal(1, server.Requests["/big.dat"]);
        Assert.Equal(50L << 20, server.BytesSent["/big.dat"]);
    }

    [Fact]
    public async Task A_download_the_server_cut_goes_on_from_where_it_stopped()
    {
        await using var server = await LocalHttpServer.StartAsync();
        var content = Content(4 << 20);
        server.Files["/cut.dat"] = content;
        server.CutAfter["/cut.dat"] = 1 << 20;
        // The cut comes once part of the file has reached the disk (a reset drops what is still in flight).
        var staging = Path.Combine(Path.GetDirectoryName(Kernel.RunDirectory)!, "staging");
        server.CutWhen["/cut.dat"] = Poll.UntilAsync(
            () => Directory.Exists(staging) && Directory.EnumerateFiles(staging, "*.part", SearchOption.AllDirectories).Any(part => new FileInfo(part).Length > 0),
            TimeSpan.FromSeconds(60), "part of the file to be written");

        var hash = await RemoteFileApps.HashAsync(new DataFile(server.BaseUrl + "/cut.dat"));

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), hash);
        Assert.Equal(2, server.Requests["/cut.dat"]);
        // The second request asked for the rest only, from what had arrived (the cut loses what was in flight).
        var resumedAt = long.Parse(Assert.Single(server.RangesAsked["/cut.dat"], range => range.Length > 0)["bytes=".Length..^1]);
        Assert.InRange(resumedAt, 1, 1 << 20);
        Assert.Equal((1L << 20) + (content.Length - resumedAt), server.BytesSent["/cut.dat"]);
    }

    [Fact]
    public async Task A_cut_download_from_a_server_without_ranges_starts_again()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Ranges = false;
        var content = Content(2 << 20);
        server.Files["/cut.dat"] = content;
        server.CutAfter["/cut.dat"] = 1 << 20;

        var hash = await RemoteFileApps.HashAsync(new DataFile(server.BaseUrl + "/cut.dat"));

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), hash);
        Assert.Equal((1L << 20) + (2L << 20), server.BytesSent["/cut.dat"]);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_a_missing_file_is_not()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/busy.txt"] = "at last"u8.ToArray();
        server.FailNext["/busy.txt"] = (503, 2);

        Assert.Equal("at last", await RemoteFileApps.ReadTextAsync(new DataFile(server.BaseUrl + "/busy.txt")));
        Assert.Equal(3, server.Requests["/busy.txt"]);

        await Assert.ThrowsAsync<DependencyFailedException>(async () => await RemoteFileApps.ReadTextAsync(new DataFile(server.BaseUrl + "/gone.txt")));
        Assert.Equal(1, server.Requests["/gone.txt"]);
    }

    [Fact]
    public async Task Staging_shows_in_the_event_stream_with_its_file_and_outcome()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/seen.txt"] = "seen"u8.ToArray();
        var recorder = new EventRecorder();
        using var _ = Kernel.Observe(recorder);
        var file = new DataFile(server.BaseUrl + "/seen.txt");

        await RemoteFileApps.ReadTextAsync(file);
        await Assert.ThrowsAsync<DependencyFailedException>(async () => await RemoteFileApps.ReadTextAsync(new DataFile(server.BaseUrl + "/absent.txt")));

        var staging = recorder.Events.Where(e => e.Kind is RunEventKind.StageInStarted or RunEventKind.StageInFinished).ToList();
        Assert.Equal(4, staging.Count);
        var fetched = Assert.Single(staging, e => e.Kind == RunEventKind.StageInFinished && e.File == file);
        Assert.Equal(TaskState.Done, fetched.State);
        Assert.Equal(file.LocalPath, fetched.Where);
        var failed = Assert.Single(staging, e => e.Kind == RunEventKind.StageInFinished && e.State == TaskState.Failed);
        Assert.Contains("404 Not Found", failed.Exception!.Message);
    }

    /// <summary>Bytes that differ along the file, so a misplaced resume shows in the hash.</summary>
    internal static byte[] Content(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
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
        var reader = RemoteFileApps.ReadTextAsync(new DataFile("sftp://127.0.0.1:1/none.txt"));

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await reader);

        Assert.Contains("no staging provider fetches 'sftp' files; add one to ParslConfig.Staging", error.Message);
    }
}
