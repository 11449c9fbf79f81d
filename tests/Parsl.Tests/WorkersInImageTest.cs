using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>
/// A high-throughput executor whose blocks start their manager inside the test image (WorkersRunInContainer), run for
/// real by one runtime: code apps' compiled bodies run there, as do bash apps, and the container is gone when the run
/// ends. The scenarios live here; each runtime's class runs them under its own service check.
/// </summary>
public abstract class WorkersInImageTest : KernelTest
{
    protected const string Label = "inside";
    protected const string MissingImage = "localhost/parsl-no-such-image:1";

    /// <summary>The test image under this runtime.</summary>
    protected abstract ContainerImage Image { get; }

    private protected abstract LabelledContainers Containers { get; }

    protected override IReadOnlyList<IExecutor> Executors =>
    [
        new ThreadPoolExecutor("local", maxThreads: 1),
        new HighThroughputExecutor(Label)
        {
            Container = Image with { Mounts = [Scratch] },
            WorkersRunInContainer = true,
            MaxWorkersPerNode = 2,
            HeartbeatPeriod = TestTimings.HeartbeatPeriod,
            HeartbeatThreshold = TestTimings.FrozenManagerThreshold, // one scenario freezes its manager
        },
        new HighThroughputExecutor("missing") { Container = new ContainerImage(MissingImage) { Runtime = Image.Runtime }, WorkersRunInContainer = true, MaxBlockStartFailures = 1 },
    ];

    protected override ParslConfig Configure(ParslConfig config) => config with { Retries = 0, PrintFailureReport = false };

    protected async Task CodeAndBashAppsRunInsideAsync()
    {
        var input = ScratchFile("in/first.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        await File.WriteAllTextAsync(input, "seen\nnot this\n");
        var inside = new AppCallOptions { Executor = Label };

        var code = await ContainerApps.WhereCodeAsync(new DataFile(input), inside);
        // A code app that names the executor's own image (here by the call) runs there too; its result comes back through the codec as ever.
        var doubled = await ContainerApps.DoubleAsync(21, inside with { Container = Image });
        await ContainerApps.ReportAsync(ScratchFile("report.out"), inside);

        Assert.Equal("in-image seen", code);
        Assert.Equal(42, doubled);
        Assert.Equal("in-image", (await File.ReadAllLinesAsync(ScratchFile("report.out")))[0]);
        Assert.Empty(Containers.Of("Parsl.Tests.ContainerApps.Report")); // no container of its own: it ran in the block's
        Assert.NotEmpty(Containers.OfLabel("parsl.run", RunDirectory, runningOnly: true));
    }

    protected async Task TheBlocksContainerIsRemovedWhenTheKernelIsDisposedAsync()
    {
        Assert.Equal("in-image seen", await ContainerApps.WhereCodeAsync(await InputAsync(), new AppCallOptions { Executor = Label }));
        Assert.NotEmpty(Containers.OfLabel("parsl.run", RunDirectory));

        await Kernel.DisposeAsync();

        // The runtime's client passes the block's SIGTERM on to the manager, which exits; --rm removes the container.
        await Poll.UntilAsync(() => Containers.OfLabel("parsl.run", RunDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(30)),
            "the block's container to be stopped and removed: " + string.Join(", ", Containers.OfLabel("parsl.run", RunDirectory)));
    }

    /// <summary>
    /// A node that hangs with its manager inside the image (SIGSTOP, as a frozen node): the interchange hears nothing for
    /// the heartbeat threshold, the block is cancelled and replaced, the next task runs in a new container, and the frozen
    /// block's container does not stay behind (a stopped process ignores the runtime's SIGTERM; its SIGKILL ends it).
    /// </summary>
    protected async Task AFrozenManagerInsideTheImageIsReplacedAndItsContainerRemovedAsync()
    {
        var inside = new AppCallOptions { Executor = Label };
        Assert.Equal("in-image seen", await ContainerApps.WhereCodeAsync(await InputAsync(), inside));
        var victim = WorkerProcesses.Managers(RunDirectory).Single();
        var frozenBlock = Containers.OfLabel("parsl.run", RunDirectory, runningOnly: true);
        Assert.NotEmpty(frozenBlock);

        ChildProcess.Signal(victim, ChildProcess.SigStop);

        Assert.Equal("in-image seen", await ContainerApps.WhereCodeAsync(await InputAsync(), inside).AsTask().WaitAsync(TestTimings.Scaled(TimeSpan.FromMinutes(3))));
        await Poll.UntilAsync(() => ChildProcess.HasEnded(victim), TestTimings.Scaled(TimeSpan.FromSeconds(60)), "the frozen manager to be gone");
        await Poll.UntilAsync(() => !Containers.OfLabel("parsl.run", RunDirectory).Intersect(frozenBlock).Any(), TestTimings.Scaled(TimeSpan.FromSeconds(60)),
            "the frozen block's container to be removed: " + string.Join(", ", frozenBlock));
    }

    /// <summary>The block fails to start; the task waiting for it fails with the runtime's words, which name the image.</summary>
    protected async Task AMissingImageFailsTheWaitingTasksAsync(string runtimeSays)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await ContainerApps.WhereCodeAsync(await InputAsync(), new AppCallOptions { Executor = "missing" }));

        Assert.Contains(MissingImage, failure.Message, StringComparison.Ordinal);
        Assert.Contains(runtimeSays, failure.Message, StringComparison.Ordinal);
    }

    private async Task<DataFile> InputAsync()
    {
        var input = ScratchFile("input.txt");
        await File.WriteAllTextAsync(input, "seen\n");
        return new DataFile(input);
    }

    private string RunDirectory => Path.GetFullPath(Kernel.RunDirectory);
}
