using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>
/// Bash apps in a container, run for real by podman in the image .ci/services/install-podman.sh builds (no registry: the
/// image is imported, and Parsl never pulls). One class, so that its tests never run at once and each sees only its own containers.
/// </summary>
public sealed class ContainerAppTests : KernelTest
{
    private static readonly TimeSpan s_settles = TestTimings.Scaled(TimeSpan.FromSeconds(20));

    protected override IReadOnlyList<IExecutor> Executors =>
    [
        new ThreadPoolExecutor("local", maxThreads: 4),
        new ThreadPoolExecutor("boxed", maxThreads: 2) { Container = new ContainerImage(ContainerApps.Image) { Variables = ["CONTAINER_TEST_WORD"] } },
    ];

    protected override ParslConfig Configure(ParslConfig config) => config with { Retries = 0, PrintFailureReport = false };

    [ServiceFact("podman")]
    public async Task A_bash_app_in_an_image_reads_its_mounted_input_and_writes_an_output_the_workflow_reads()
    {
        var input = Path.Combine(Scratch, "in", "lines.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        await File.WriteAllTextAsync(input, "a\nb\nc\n");
        var counted = new DataFile(Path.Combine(Scratch, "out", "not-yet", "count.txt"));

        var count = ContainerApps.CountLinesAsync(new DataFile(input), counted);
        var numbered = FileTestApps.NumberAsync(count.Outputs[0], new DataFile(ScratchFile("numbered.txt")), new AppCallOptions { Executor = "local" });
        await numbered;

        Assert.Equal("     1\t3", (await File.ReadAllTextAsync(ScratchFile("numbered.txt"))).TrimEnd());
        Assert.Empty(PodmanContainers.Of("Parsl.Tests.ContainerApps.CountLines"));
    }

    [ServiceFact("podman")]
    public async Task Stdout_and_stderr_of_a_bash_app_in_an_image_land_where_the_app_says()
    {
        var (stdout, stderr) = (ScratchFile("logs/where.out"), ScratchFile("logs/where.err"));

        var result = await ContainerApps.WhereAsync(stdout, stderr);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("in-image", (await File.ReadAllTextAsync(stdout)).Trim());
        Assert.Equal("to-stderr", (await File.ReadAllTextAsync(stderr)).Trim());
    }

    [ServiceFact("podman")]
    public async Task An_executors_image_runs_the_bash_apps_that_name_none_with_the_parsl_and_named_variables_passed()
    {
        Environment.SetEnvironmentVariable("PARSL_CONTAINER_TEST", "parsl-variable");
        Environment.SetEnvironmentVariable("CONTAINER_TEST_WORD", "named-variable");
        var (boxed, local) = (ScratchFile("boxed.out"), ScratchFile("local.out"));

        await ContainerApps.ReportAsync(boxed, new AppCallOptions { Executor = "boxed" });
        await ContainerApps.ReportAsync(local, new AppCallOptions { Executor = "local" });

        Assert.Equal("in-image\nparsl-variable named-variable", (await File.ReadAllTextAsync(boxed)).Trim());
        Assert.StartsWith("on-host", await File.ReadAllTextAsync(local), StringComparison.Ordinal);
    }

    [ServiceFact("podman")]
    public async Task A_missing_image_fails_with_the_runtimes_message_and_the_images_name()
    {
        var missing = new ContainerImage("localhost/parsl-missing:0");

        var failure = await Assert.ThrowsAsync<ContainerImageMissingException>(async () =>
            await ContainerApps.ReportAsync(ScratchFile("never.out"), new AppCallOptions { Executor = "local", Container = missing }));

        Assert.Equal(125, failure.ExitCode);
        Assert.Contains("image not known", failure.StderrTail, StringComparison.Ordinal); // podman's own words
        Assert.Contains("runs in image localhost/parsl-missing:0, which podman does not have on this machine", failure.Message, StringComparison.Ordinal);
        Assert.Contains("podman pull localhost/parsl-missing:0", failure.Message, StringComparison.Ordinal);
        Assert.Same(missing, failure.Image);
    }

    [Fact]
    public async Task A_missing_runtime_fails_naming_it_the_image_and_how_to_install_or_choose_another()
    {
        var image = new ContainerImage(ContainerApps.Image) { RuntimeProgram = "podman-not-installed-here" };

        var failure = await Assert.ThrowsAsync<ContainerRuntimeMissingException>(async () =>
            await ContainerApps.ReportAsync(ScratchFile("never.out"), new AppCallOptions { Executor = "local", Container = image }));

        Assert.Contains($"runs in image {ContainerApps.Image}, but its container runtime 'podman-not-installed-here' (Podman) is not on PATH", failure.Message, StringComparison.Ordinal);
        Assert.Contains("install Podman (Debian: apt-get install podman runc", failure.Message, StringComparison.Ordinal);
        Assert.Contains("or choose another runtime", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(ScratchFile("never.out")));
    }

    [ServiceFact("podman")]
    public async Task Cancelling_a_bash_app_in_an_image_stops_and_removes_its_container()
    {
        var id = "Parsl.Tests.ContainerApps.Sleep";
        var sleeping = ContainerApps.SleepAsync();
        await Poll.UntilAsync(() => PodmanContainers.Of(id, runningOnly: true).Count == 1, s_settles, "the container to run");

        Assert.True(sleeping.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sleeping);
        await Poll.UntilAsync(() => PodmanContainers.Of(id).Count == 0, s_settles, "no container of the cancelled app to remain");
    }

    [ServiceFact("podman")]
    public async Task A_bash_app_in_an_image_past_its_walltime_fails_so_and_leaves_no_container()
    {
        var id = "Parsl.Tests.ContainerApps.Overstay";

        var failure = await Assert.ThrowsAsync<BashWalltimeExceededException>(async () => await ContainerApps.OverstayAsync());

        Assert.Equal(TimeSpan.FromSeconds(1), failure.Walltime);
        Assert.Empty(PodmanContainers.Of(id)); // removed before the try reported its failure
    }

    [Fact]
    public async Task A_code_app_that_names_an_image_fails_at_the_call_on_an_executor_whose_workers_run_outside_it()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(async () => await ContainerApps.DoubleAsync(2));

        Assert.Contains($"runs in image {ContainerApps.Image}, but Parsl.Tests.ContainerApps.Double is a code app and executor 'local' (ThreadPoolExecutor) runs its code outside any image", failure.Message, StringComparison.Ordinal);
        Assert.Contains("HighThroughputExecutor with that Container", failure.Message, StringComparison.Ordinal);
    }
}

/// <summary>A bash app in an image on a worker process: the dispatch carries the image, and the worker runs podman.</summary>
public sealed class ContainerOnWorkerTests : KernelTest
{
    protected override IReadOnlyList<IExecutor> Executors =>
    [
        new ThreadPoolExecutor("local", maxThreads: 1),
        new HighThroughputExecutor("workers") { HeartbeatPeriod = TestTimings.HeartbeatPeriod, HeartbeatThreshold = TestTimings.HeartbeatThreshold },
    ];

    [ServiceFact("podman")]
    public async Task A_bash_app_in_an_image_runs_in_it_on_a_worker_with_its_output_where_the_app_says()
    {
        var (stdout, stderr) = (ScratchFile("worker/where.out"), ScratchFile("worker/where.err"));

        await ContainerApps.WhereAsync(stdout, stderr, new AppCallOptions { Executor = "workers" });

        Assert.Equal("in-image", (await File.ReadAllTextAsync(stdout)).Trim());
        Assert.Equal("to-stderr", (await File.ReadAllTextAsync(stderr)).Trim());
        Assert.Empty(PodmanContainers.Of("Parsl.Tests.ContainerApps.Where"));
    }
}
