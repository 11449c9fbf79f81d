using System.Text.RegularExpressions;

namespace Parsl.Tests;

/// <summary>The MpiScores sample, run as its README line runs it: the MPI program's reduction agrees with C#'s.</summary>
public sealed partial class MpiScoresSampleTests
{
    [ServiceFact("mpich")]
    public async Task The_sample_reduces_its_scores_with_mpi_across_two_nodes_and_agrees_with_csharp()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("parsl-mpi-sample-").FullName;
        try
        {
            using var sample = ChildProcess.Start("MpiScores", workingDirectory);
            var stdout = sample.StandardOutput.ReadToEndAsync();
            var stderr = sample.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(120)));
            await sample.WaitForExitAsync(timeout.Token);
            Assert.True(sample.ExitCode == 0, $"MpiScores exited with {sample.ExitCode}: {await stderr}");

            var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var mpi = Assert.Single(lines, line => line.StartsWith("MPI:", StringComparison.Ordinal));
            var csharp = Assert.Single(lines, line => line.StartsWith("C#:", StringComparison.Ordinal));
            Assert.Matches(@"over 12 scores on 4 ranks$", mpi);
            Assert.Equal(Figures().Match(csharp).Value, Figures().Match(mpi).Value);
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [GeneratedRegex(@"best \S+ mean \S+ over \d+ scores")]
    private static partial Regex Figures();
}
