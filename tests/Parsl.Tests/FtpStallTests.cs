using Parsl.Staging;

namespace Parsl.Tests;

/// <summary>
/// A real FTP server (vsftpd on loopback, at 16 MiB/s) stopped, its connections open: in the middle of a download, with
/// no byte for the provider's timeout the download counts as cut, and the next attempt, on a new connection, goes on;
/// stopped whole (it takes connections, its kernel does, and never answers), every attempt fails after the timeout
/// and the readers fail saying why, rather than wait for ever.
/// </summary>
[Collection(Name)]
public sealed class FtpStallTests : KernelTest
{
    /// <summary>These tests stop the one FTP server the other FTP tests use: they run alone.</summary>
    public const string Name = "the FTP server stopped";

    protected override ParslConfig Configure(ParslConfig config) =>
        config with { Staging = [new FtpStaging { Timeout = TimeSpan.FromSeconds(2) }] };

    [ServiceFact("ftp")]
    public async Task A_server_that_never_answers_fails_the_readers_after_the_timeout_and_the_retries_saying_so()
    {
        var listener = Listener();
        List<int> stopped = [listener, .. WorkerProcesses.Descendants(listener)];
        try
        {
            foreach (var process in stopped)
                ChildProcess.Signal(process, ChildProcess.SigStop);

            var reader = RemoteFileApps.ReadTextAsync(new DataFile("ftp://127.0.0.1:2121/pub/anything.txt"));
            var error = await Assert.ThrowsAsync<DependencyFailedException>(async () => await reader.AsTask().WaitAsync(TestTimings.Scaled(TimeSpan.FromSeconds(90))));

            Assert.Contains("no reply from the server within 2 s (FtpStaging.Timeout)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var process in stopped.Where(pid => !ChildProcess.HasEnded(pid)))
                ChildProcess.Signal(process, ChildProcess.SigCont);
        }
    }

    [ServiceFact("ftp")]
    public async Task A_download_the_server_stops_sending_is_cut_after_the_timeout_and_finished_on_a_new_connection()
    {
        var name = "stall-" + Guid.NewGuid().ToString("N")[..12] + ".dat";
        var content = HttpStagingTests.Content(32 << 20); // two seconds at the server's rate
        var path = Path.Combine(ServiceFactAttribute.FtpDirectory, "pub", name);
        File.WriteAllBytes(path, content);
        var listener = Listener();
        var staging = Path.Combine(Path.GetDirectoryName(Kernel.RunDirectory)!, "staging");
        List<int> stopped = [];
        try
        {
            var hash = RemoteFileApps.HashAsync(new DataFile($"ftp://127.0.0.1:2121/pub/{name}"));
            await Poll.UntilAsync(() => Directory.Exists(staging) && Directory.EnumerateFiles(staging, "*.part", SearchOption.AllDirectories).Any(part => new FileInfo(part).Length > 0),
                TestTimings.Scaled(TimeSpan.FromSeconds(60)), "part of the file to arrive");

            stopped = [.. WorkerProcesses.Descendants(listener)]; // the sessions (the listener takes the next connection)
            foreach (var session in stopped)
                ChildProcess.Signal(session, ChildProcess.SigStop);

            Assert.NotEmpty(stopped);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)),
                await hash.AsTask().WaitAsync(TestTimings.Scaled(TimeSpan.FromSeconds(60))));
        }
        finally
        {
            foreach (var session in stopped.Where(pid => !ChildProcess.HasEnded(pid)))
                ChildProcess.Signal(session, ChildProcess.SigCont);
            File.Delete(path);
        }
    }

    /// <summary>The server's listening process (<c>.ci/services/start-ftp.sh</c> writes its pid); each session is its child.</summary>
    private static int Listener() =>
        int.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(ServiceFactAttribute.FtpDirectory)!, "vsftpd.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
}

[CollectionDefinition(FtpStallTests.Name, DisableParallelization = true)]
public sealed class FtpServerStoppedCollection;
