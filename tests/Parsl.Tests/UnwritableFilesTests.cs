using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>
/// A run whose files stop taking writes part way — a full disk, a quota, a file-size limit — still completes every task
/// and says what it could not write. It used to hang (the checkpoint's group commit lost the tasks of the batch whose
/// write failed) or crash (the log's write failure thrown into the task that logged).
/// </summary>
public sealed class UnwritableFilesTests
{
    [Fact]
    public async Task A_run_whose_checkpoint_and_log_cannot_be_written_completes_every_task_and_says_so()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-unwritable-").FullName;
        try
        {
            // A 16 KiB file-size limit stands in for the full disk: the checkpoint (a kilobyte per result), the debug log
            // and the monitoring database pass it within the first few dozen tasks. Ignoring SIGXFSZ turns an oversized
            // write into an error (EFBIG) instead of the end of the process; W^X is off because the runtime's
            // double-mapped code pages are files too.
            var start = new ProcessStartInfo("bash")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"ulimit -f 16 && trap '' XFSZ && DOTNET_EnableWriteXorExecute=0 exec dotnet {ChildProcess.Assembly("Parsl.ResumeProbe")} unwritable 200");
            using var run = Process.Start(start)!;
            var stdout = run.StandardOutput.ReadToEndAsync();
            var stderr = run.StandardError.ReadToEndAsync();
            using (var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(60))))
            {
                try
                {
                    await run.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    run.Kill(entireProcessTree: true);
                    Assert.Fail($"the run hung: {await stdout} {await stderr}");
                }
            }

            var output = await stdout;
            Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}: {output} {await stderr}");
            Assert.Contains("done 200", output, StringComparison.Ordinal);
            var checkpoint = Path.Combine(workingDirectory, "runinfo", "000", "checkpoint", "tasks.ckpt");
            Assert.Contains($"checkpoint: Checkpoint {checkpoint} could not be written", output, StringComparison.Ordinal);
            Assert.InRange(new FileInfo(checkpoint).Length, 1, 16 * 1024);
            Assert.Contains($"parsl: cannot write the run's log {Path.Combine(workingDirectory, "runinfo", "000", "parsl.log")}", await stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
