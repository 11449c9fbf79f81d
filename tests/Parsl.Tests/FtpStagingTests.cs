using Parsl.Events;

namespace Parsl.Tests;

/// <summary>
/// Files on a real FTP server (vsftpd on loopback, started by <c>.ci/services/start-ftp.sh</c>) fetched before the apps
/// that read them and sent after the apps that write them, by the default <see cref="Staging.FtpStaging"/>.
/// </summary>
public sealed class FtpStagingTests : KernelTest
{
    private const string Server = "ftp://127.0.0.1:2121";

    private readonly string _name = "t" + Guid.NewGuid().ToString("N")[..12];

    private static string Pub => Path.Combine(ServiceFactAttribute.FtpDirectory, "pub");

    private static string Upload => Path.Combine(ServiceFactAttribute.FtpDirectory, "upload");

    [ServiceFact("ftp")]
    public async Task Code_and_bash_apps_read_a_file_fetched_from_the_server()
    {
        File.WriteAllText(Path.Combine(Pub, _name + ".txt"), "over ftp\n");
        var file = new DataFile($"{Server}/pub/{_name}.txt");

        Assert.Equal("over ftp\n", await RemoteFileApps.ReadTextAsync(file));
        var counted = await RemoteFileApps.CountBytesAsync(file, ScratchFile("count.txt"));
        Assert.Equal("9", File.ReadAllText(counted.StdoutPath!).Trim());
    }

    [ServiceFact("ftp")]
    public async Task A_missing_file_fails_exactly_its_reader_with_the_servers_reply()
    {
        var missing = new DataFile($"{Server}/pub/{_name}-absent.txt");

        var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await RemoteFileApps.ReadTextAsync(missing));

        Assert.Contains($"stage-in {missing.Url} failed with StagingException: staging {missing.Url} failed: 550", error.Message);
    }

    [ServiceFact("ftp")]
    public async Task Results_written_by_code_and_bash_apps_are_sent_to_the_server_before_their_futures_complete()
    {
        var written = RemoteFileApps.WriteTextAsync("staged out\n", new DataFile($"{Server}/upload/{_name}/deep/written.txt"));
        var shouted = RemoteFileApps.ShoutAsync(written.Outputs[0], new DataFile($"{Server}/upload/{_name}/shouted.txt"));

        var file = await shouted.Outputs[0];

        Assert.Equal("staged out\n", File.ReadAllText(Path.Combine(Upload, _name, "deep", "written.txt")));
        Assert.Equal("STAGED OUT\n", File.ReadAllText(Path.Combine(Upload, _name, "shouted.txt")));
        Assert.Equal($"{Server}/upload/{_name}/shouted.txt", file.Url);
        Assert.Equal("STAGED OUT\n", File.ReadAllText(file.LocalPath!)); // the copy the app wrote, kept for readers here
    }

    [ServiceFact("ftp")]
    public async Task A_later_run_reuses_its_copy_of_an_unchanged_file_and_fetches_a_changed_one()
    {
        var path = Path.Combine(Pub, _name + ".dat");
        File.WriteAllText(path, "version one");
        var url = $"{Server}/pub/{_name}.dat";
        Assert.Equal("version one", await RemoteFileApps.ReadTextAsync(new DataFile(url)));
        await Kernel.ShutdownAsync(cancelOutstanding: false);

        Assert.Equal(("version one", "unchanged since an earlier run: its copy is reused"), await ReadInAnotherRunAsync(url));

        File.WriteAllText(path, "version two, longer");
        Assert.Equal(("version two, longer", "fetched"), await ReadInAnotherRunAsync(url));
    }

    private async Task<(string Text, string? Note)> ReadInAnotherRunAsync(string url)
    {
        var recorder = new EventRecorder();
        await using var kernel = await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = Executors, RunDirectory = Path.GetDirectoryName(Kernel.RunDirectory)!, ExitOnCtrlC = false, Observers = [recorder],
        });
        var text = await RemoteFileApps.ReadTextAsync(new DataFile(url));
        return (text, recorder.Events.Single(e => e.Kind == RunEventKind.StageInFinished).Message);
    }
}
