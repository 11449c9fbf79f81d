using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>
/// A run of the probe program (<c>Parsl.ResumeProbe</c>) as a real process, in a scratch folder of its own that is its
/// working directory and its TMPDIR: its output, its log, and waits for the files it writes as it goes.
/// </summary>
internal abstract class ProbeRun : IDisposable
{
    protected ProbeRun(string folderPrefix, params string[] arguments)
    {
        WorkingDirectory = Directory.CreateTempSubdirectory(folderPrefix).FullName;
        Process = ChildProcess.Start("Parsl.ResumeProbe", WorkingDirectory, ChildProcess.OwnTemporaryFolder(WorkingDirectory), arguments);
        Stdout = Process.StandardOutput.ReadToEndAsync();
        Stderr = Process.StandardError.ReadToEndAsync();
    }

    public string WorkingDirectory { get; }

    public Process Process { get; }

    /// <summary>Everything the run wrote on stdout, once it and every process holding its stdout ended.</summary>
    public Task<string> Stdout { get; }

    /// <summary>Everything the run wrote on stderr, once it and every process holding its stderr (the orphan guard) ended.</summary>
    public Task<string> Stderr { get; }

    public string Log => File.ReadAllText(Path.Combine(WorkingDirectory, "runinfo", "000", "parsl.log"));

    /// <summary>Waits for the probe to write <paramref name="file"/> in its working directory.</summary>
    public async Task WaitForAsync(string file)
    {
        await Poll.UntilAsync(() => File.Exists(Path.Combine(WorkingDirectory, file)) || Process.HasExited, TestTimings.Scaled(TimeSpan.FromSeconds(60)),
            $"the probe to write {file}");
        if (Process.HasExited)
            Assert.Fail($"the probe ended before it wrote {file} (exit code {Process.ExitCode}): {await Stderr}");
    }

    public void Dispose()
    {
        if (!Process.HasExited)
            Process.Kill(entireProcessTree: true); // SIGKILL ends stopped processes too
        Process.Dispose();
        Directory.Delete(WorkingDirectory, recursive: true);
    }
}
