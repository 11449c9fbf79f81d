using Parsl.Executors;
using static Parsl.Tests.MonitoredRun;

namespace Parsl.Tests;

/// <summary>The <c>staged_files</c> rows of real runs: files fetched over HTTP (Kestrel on loopback) and sent to an FTP server.</summary>
public sealed class MonitoringStagingTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-monitoring-staging-").FullName;

    [Fact]
    public async Task A_fetched_and_a_missing_input_are_recorded_with_their_url_state_and_times()
    {
        await using var server = await LocalHttpServer.StartAsync();
        server.Files["/data/in.txt"] = "staged in\n"u8.ToArray();
        var fetched = new DataFile(server.BaseUrl + "/data/in.txt");
        var missing = server.BaseUrl + "/data/absent.txt";

        var path = await RecordAsync(_scratch, new ThreadPoolExecutor("local", 2), async () =>
        {
            Assert.Equal("staged in\n", await RemoteFileApps.ReadTextAsync(fetched));
            await Assert.ThrowsAsync<DependencyFailedException>(async () => await RemoteFileApps.ReadTextAsync(new DataFile(missing)));
        });

        using var db = Open(path);
        var rows = Rows(db, """
            SELECT url, direction, local_path, state, note, exception, julianday(finished) >= julianday(started) FROM staged_files ORDER BY url
            """);
        Assert.Equal(2, rows.Count);
        var (absent, read) = (rows[0], rows[1]);
        Assert.Equal(new object[] { fetched.Url, "in", fetched.LocalPath!, "done", "fetched", DBNull.Value, 1L }, read);
        Assert.Equal(new object[] { missing, "in", "failed", 1L }, [absent[0], absent[1], absent[3], absent[6]]);
        Assert.Contains("404", (string)absent[5], StringComparison.Ordinal);
    }

    [ServiceFact("ftp")]
    public async Task An_output_sent_to_its_url_is_recorded_once_the_server_has_it()
    {
        var name = "monitored-" + Guid.NewGuid().ToString("N")[..12];
        var url = $"ftp://127.0.0.1:2121/upload/{name}/result.txt";

        var path = await RecordAsync(_scratch, new ThreadPoolExecutor("local", 2), async () =>
        {
            var written = RemoteFileApps.WriteTextAsync("staged out\n", new DataFile(url));
            await written.Outputs[0];
        });

        Assert.Equal("staged out\n", File.ReadAllText(Path.Combine(ServiceFactAttribute.FtpDirectory, "upload", name, "result.txt")));
        using var db = Open(path);
        var row = Assert.Single(Rows(db, "SELECT url, direction, state, exception, julianday(finished) >= julianday(started), local_path FROM staged_files"));
        Assert.Equal(new object[] { url, "out", "done", DBNull.Value, 1L }, row[..5]);
        Assert.EndsWith("result.txt", (string)row[5], StringComparison.Ordinal); // the copy the app wrote
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
