namespace Parsl.Tests;

/// <summary>The samples' graphs, read from their source at compile time and printed with --graph without running anything.</summary>
public sealed class WorkflowGraphTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("parsl-graph-").FullName;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    [Theory]
    [InlineData("Docking", "mermaid")]
    [InlineData("Docking", "dot")]
    [InlineData("SimulateAnalyze", "mermaid")]
    [InlineData("SimulateAnalyze", "dot")]
    [InlineData("HelloWorld", "mermaid")]
    public async Task A_sample_prints_its_graph_without_running_any_task(string sample, string format)
    {
        using var process = ChildProcess.Start(sample, _workingDirectory, "--graph", format);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(_workingDirectory)); // no runinfo, no outputs: nothing ran
        var snapshot = Path.Combine(SnapshotDirectory(), $"{sample}.graph.{(format == "dot" ? "dot" : "mmd")}");
        if (Environment.GetEnvironmentVariable("PARSL_ACCEPT_SNAPSHOTS") == "1")
            File.WriteAllText(snapshot, output);
        Assert.True(File.Exists(snapshot), $"{snapshot} does not exist; run with PARSL_ACCEPT_SNAPSHOTS=1 to create it");
        Assert.Equal(File.ReadAllText(snapshot), output);
    }

    // From bin/<Configuration>/net10.0 up to the project: [CallerFilePath] cannot be used, because CI builds
    // (ContinuousIntegrationBuild) map source paths to /_/.
    private static string SnapshotDirectory() =>
        Path.Combine(new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.FullName, "Snapshots");
}
