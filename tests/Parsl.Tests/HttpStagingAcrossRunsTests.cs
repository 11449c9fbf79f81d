using System.Text;
using Parsl.Checkpointing;

namespace Parsl.Tests;

/// <summary>
/// Staged copies outlive their run: an unchanged remote file is not fetched again by a later run (the server says
/// <c>304 Not Modified</c>), a changed one is; and a cached app reading a URL is keyed by the file's ETag, so it runs
/// again exactly when the file changed.
/// </summary>
public sealed class HttpStagingAcrossRunsTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-staging-runs-").FullName;

    public HttpStagingAcrossRunsTests() => CacheTestApps.Executions.Clear();

    private string Runs => Path.Combine(_scratch, "runinfo");

    private ParslConfig Config(CheckpointMode? mode = null, IReadOnlyList<string>? load = null) => new()
    {
        Executors = [new Executors.ThreadPoolExecutor("local", maxThreads: 2)],
        RunDirectory = Runs,
        ExitOnCtrlC = false,
        Checkpoint = mode ?? CheckpointMode.None,
        CheckpointFiles = load ?? [],
    };

    [Fact]
    public async Task A_later_run_reuses_an_unchanged_copy_and_fetches_a_changed_file()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/data.txt"] = Encoding.UTF8.GetBytes("first\n");
        var url = server.BaseUrl + "/data.txt";

        await using (await DataFlowKernel.LoadAsync(Config()))
            Assert.Equal("first\n", await RemoteFileApps.ReadTextAsync(new DataFile(url)));
        await using (await DataFlowKernel.LoadAsync(Config()))
            Assert.Equal("first\n", await RemoteFileApps.ReadTextAsync(new DataFile(url)));

        Assert.Equal(2, server.Requests["/data.txt"]);
        Assert.Equal(6, server.BytesSent["/data.txt"]); // the second run asked, and was told its copy is current

        server.Files["/data.txt"] = Encoding.UTF8.GetBytes("second\n");
        await using (await DataFlowKernel.LoadAsync(Config()))
            Assert.Equal("second\n", await RemoteFileApps.ReadTextAsync(new DataFile(url)));
        Assert.Equal(6 + 7, server.BytesSent["/data.txt"]);
    }

    [Fact]
    public async Task A_copy_cut_or_edited_after_its_run_is_fetched_again()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/data.txt"] = Encoding.UTF8.GetBytes("the real content\n");
        var first = new DataFile(server.BaseUrl + "/data.txt");
        await using (await DataFlowKernel.LoadAsync(Config()))
            await RemoteFileApps.ReadTextAsync(first);

        File.WriteAllText(first.LocalPath!, "the real"); // a kill -9 mid-write, or a user's edit

        await using (await DataFlowKernel.LoadAsync(Config()))
            Assert.Equal("the real content\n", await RemoteFileApps.ReadTextAsync(new DataFile(server.BaseUrl + "/data.txt")));
        Assert.Equal(2 * 17, server.BytesSent["/data.txt"]);
    }

    [Fact]
    public async Task A_cached_app_reading_a_url_runs_again_only_when_the_file_changed()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/lines.txt"] = Encoding.UTF8.GetBytes("a\nb\n");
        var url = server.BaseUrl + "/lines.txt";

        await using (await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit)))
            Assert.Equal(2, await CacheTestApps.LinesAsync(new DataFile(url)));
        await using (await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit, Checkpoints.Latest(Runs))))
            Assert.Equal(2, await CacheTestApps.LinesAsync(new DataFile(url)));
        Assert.Equal(1, CacheTestApps.ExecutionsOf("Lines"));

        server.Files["/lines.txt"] = Encoding.UTF8.GetBytes("a\nb\nc\n");
        await using (await DataFlowKernel.LoadAsync(Config(CheckpointMode.TaskExit, [Path.Combine(Runs, "000")])))
            Assert.Equal(3, await CacheTestApps.LinesAsync(new DataFile(url)));
        Assert.Equal(2, CacheTestApps.ExecutionsOf("Lines"));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
