using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>
/// A high-throughput executor whose blocks start their manager inside the test image (WorkersRunInContainer): code apps'
/// compiled bodies run there, as do bash apps, and the container is gone when the run ends. Run for real by podman.
/// </summary>
public sealed class WorkersInContainerTests : KernelTest
{
    private const string Label = "inside";

    protected override IReadOnlyList<IExecutor> Executors =>
    [
        new ThreadPoolExecutor("local", maxThreads: 1),
        new HighThroughputExecutor(Label)
        {
            Container = new ContainerImage(ContainerApps.Image) { Mounts = [Scratch] },
            WorkersRunInContainer = true,
            MaxWorkersPerNode = 2,
            HeartbeatPeriod = TestTimings.HeartbeatPeriod,
            HeartbeatThreshold = TestTimings.HeartbeatThreshold,
        },
        new HighThroughputExecutor("missing")
        {
            Container = new ContainerImage("localhost/parsl-no-such-image:1"),
            WorkersRunInContainer = true,
            MaxBlockStartFailures = 1,
        },
    ];

    protected override ParslConfig Configure(ParslConfig config) => config with { Retries = 0, PrintFailureReport = false };

    [ServiceFact("podman")]
    public async Task Code_apps_run_inside_the_image_reading_mounted_files_and_bash_apps_run_there_without_a_second_container()
    {
        var input = ScratchFile("in/first.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        await File.WriteAllTextAsync(input, "seen\nnot this\n");
        var inside = new AppCallOptions { Executor = Label };

        var code = await ContainerApps.WhereCodeAsync(new DataFile(input), inside);
        // The app that names the executor's own image runs there too; its result comes back through the codec as ever.
        var doubled = await ContainerApps.DoubleAsync(21, inside);
        await ContainerApps.ReportAsync(ScratchFile("report.out"), inside);

        Assert.Equal("in-image seen", code);
        Assert.Equal(42, doubled);
        Assert.Equal("in-image", (await File.ReadAllLinesAsync(ScratchFile("report.out")))[0]);
        Assert.Empty(PodmanContainers.Of("Parsl.Tests.ContainerApps.Report")); // no container of its own: it ran in the block's
        Assert.NotEmpty(PodmanContainers.OfLabel("parsl.run", RunDirectory, runningOnly: true));
    }

    [ServiceFact("podman")]
    public async Task A_bash_app_that_names_another_image_is_refused_at_the_call()
    {
        var other = new AppCallOptions { Executor = Label, Container = new ContainerImage("localhost/some-other:1") };

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await ContainerApps.ReportAsync(ScratchFile("never.out"), other));

        Assert.Contains("runs its workers inside image " + ContainerApps.Image, failure.Message, StringComparison.Ordinal);
    }

    [ServiceFact("podman")]
    public async Task The_blocks_container_is_removed_when_the_kernel_is_disposed()
    {
        Assert.Equal("in-image seen", await ContainerApps.WhereCodeAsync(await InputAsync(), new AppCallOptions { Executor = Label }));
        Assert.NotEmpty(PodmanContainers.OfLabel("parsl.run", RunDirectory));

        await Kernel.DisposeAsync();

        await Poll.UntilAsync(() => PodmanContainers.OfLabel("parsl.run", RunDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(30)),
            "the block's container to be stopped and removed: " + string.Join(", ", PodmanContainers.OfLabel("parsl.run", RunDirectory)));
    }

    [ServiceFact("podman")]
    public async Task A_missing_image_fails_the_waiting_tasks_with_the_runtimes_message_naming_it()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await ContainerApps.WhereCodeAsync(await InputAsync(), new AppCallOptions { Executor = "missing" }));

        Assert.Contains("localhost/parsl-no-such-image:1", failure.Message, StringComparison.Ordinal);
        Assert.Contains("image not known", failure.Message, StringComparison.Ordinal);
    }

    private async Task<DataFile> InputAsync()
    {
        var input = ScratchFile("input.txt");
        await File.WriteAllTextAsync(input, "seen\n");
        return new DataFile(input);
    }

    private string RunDirectory => Path.GetFullPath(Kernel.RunDirectory);
}
