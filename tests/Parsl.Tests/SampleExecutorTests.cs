namespace Parsl.Tests;

/// <summary>The README's promise: the Docking sample gives the same ranking on threads and on worker processes.</summary>
public sealed class SampleExecutorTests
{
    [Fact]
    public async Task Docking_ranks_the_same_pairs_on_threads_and_on_worker_processes()
    {
        var threads = await RunDockingAsync("threads");
        var workers = await RunDockingAsync("htex");

        Assert.Equal(24, threads.Count);
        Assert.Equal(threads, workers);
    }

    /// <summary>The ranking rows the sample prints (rank, protein, ligand, score).</summary>
    private static async Task<List<string>> RunDockingAsync(string executor)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-docking-").FullName;
        try
        {
            using var sample = ChildProcess.Start("Docking", workingDirectory, "--executor", executor);
            var stdout = sample.StandardOutput.ReadToEndAsync();
            var stderr = sample.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await sample.WaitForExitAsync(timeout.Token);
            Assert.True(sample.ExitCode == 0, $"--executor {executor} exited with {sample.ExitCode}: {await stderr}");
            Assert.Empty(WorkerProcesses.Remaining(workingDirectory));
            return [.. (await stdout).Split('\n').Where(line => line.Length > 4 && char.IsDigit(line.TrimStart()[0]))];
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }
}
