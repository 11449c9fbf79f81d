using System.Diagnostics;
using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>
/// Bash apps in a container run for real by Docker, in the same image as podman's (.ci/services/install-docker.sh imports
/// it into a daemon on the default socket). The apps name podman's image; each call names Docker's, which wins. One
/// class, so that its tests never run at once and each sees only its own containers.
/// </summary>
public sealed class DockerContainerAppTests : KernelTest
{
    private static readonly TimeSpan s_settles = TestTimings.Scaled(TimeSpan.FromSeconds(20));

    protected override ParslConfig Configure(ParslConfig config) => config with { Retries = 0, PrintFailureReport = false };

    private static AppCallOptions InDocker(string image = ContainerApps.Image, string executor = "local") =>
        new() { Executor = executor, Container = new ContainerImage(image) { Runtime = ContainerRuntime.Docker } };

    [ServiceFact("docker")]
    public async Task A_bash_app_in_an_image_reads_its_mounted_input_and_writes_an_output_the_workflow_reads_owned_by_the_caller()
    {
        var input = Path.Combine(Scratch, "in", "lines.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        await File.WriteAllTextAsync(input, "a\nb\nc\n");
        var counted = new DataFile(Path.Combine(Scratch, "out", "not-yet", "count.txt"));

        var count = ContainerApps.CountLinesAsync(new DataFile(input), counted, InDocker());
        var numbered = FileTestApps.NumberAsync(count.Outputs[0], new DataFile(ScratchFile("numbered.txt")), new AppCallOptions { Executor = "local" });
        await numbered;

        Assert.Equal("     1\t3", (await File.ReadAllTextAsync(ScratchFile("numbered.txt"))).TrimEnd());
        // Docker runs as root unless told; Parsl passes --user, so the file is the caller's (trivially so when the caller is root).
        Assert.Equal($"{Parsl.Processes.UserIdentity.UserId}:{Parsl.Processes.UserIdentity.GroupId}", OwnerOf(counted.FullPath));
        Assert.Empty(LabelledContainers.Docker.Of("Parsl.Tests.ContainerApps.CountLines"));
    }

    [ServiceFact("docker")]
    public async Task A_missing_image_fails_with_the_runtimes_message_and_the_images_name()
    {
        var call = InDocker("localhost/parsl-missing:0");

        var failure = await Assert.ThrowsAsync<ContainerImageMissingException>(async () => await ContainerApps.ReportAsync(ScratchFile("never.out"), call));

        Assert.Equal(125, failure.ExitCode);
        Assert.Contains("No such image", failure.StderrTail, StringComparison.Ordinal); // docker's own words
        Assert.Contains("runs in image localhost/parsl-missing:0, which docker does not have on this machine", failure.Message, StringComparison.Ordinal);
        Assert.Contains("docker pull localhost/parsl-missing:0", failure.Message, StringComparison.Ordinal);
        Assert.Same(call.Container, failure.Image);
    }

    [ServiceFact("docker")]
    public async Task Cancelling_a_bash_app_in_an_image_stops_and_removes_its_container()
    {
        var id = "Parsl.Tests.ContainerApps.Sleep";
        var sleeping = ContainerApps.SleepAsync(InDocker());
        await Poll.UntilAsync(() => LabelledContainers.Docker.Of(id, runningOnly: true).Count == 1, s_settles, "the container to run");

        Assert.True(sleeping.Cancel());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sleeping);
        await Poll.UntilAsync(() => LabelledContainers.Docker.Of(id).Count == 0, s_settles, "no container of the cancelled app to remain");
    }

    private static string OwnerOf(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }
}

/// <summary>
/// A high-throughput executor whose blocks start their manager inside the test image by Docker (WorkersRunInContainer),
/// as <see cref="WorkersInContainerTests"/> does by podman. Docker runs the manager as the calling user (--user).
/// </summary>
public sealed class DockerWorkersInContainerTests : KernelTest
{
    private const string Label = "inside-docker";
    private static readonly ContainerImage s_docker = new(ContainerApps.Image) { Runtime = ContainerRuntime.Docker };

    protected override IReadOnlyList<IExecutor> Executors =>
    [
        new ThreadPoolExecutor("local", maxThreads: 1),
        new HighThroughputExecutor(Label)
        {
            Container = s_docker with { Mounts = [Scratch] },
            WorkersRunInContainer = true,
            MaxWorkersPerNode = 2,
            HeartbeatPeriod = TestTimings.HeartbeatPeriod,
            HeartbeatThreshold = TestTimings.HeartbeatThreshold,
        },
    ];

    protected override ParslConfig Configure(ParslConfig config) => config with { Retries = 0, PrintFailureReport = false };

    [ServiceFact("docker")]
    public async Task Code_apps_run_inside_the_image_reading_mounted_files_and_bash_apps_run_there_without_a_second_container()
    {
        var input = ScratchFile("in/first.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        await File.WriteAllTextAsync(input, "seen\nnot this\n");
        var inside = new AppCallOptions { Executor = Label };

        var code = await ContainerApps.WhereCodeAsync(new DataFile(input), inside);
        // Double names podman's image; the call names Docker's, the executor's own, so it runs there.
        var doubled = await ContainerApps.DoubleAsync(21, inside with { Container = s_docker });
        await ContainerApps.ReportAsync(ScratchFile("report.out"), inside);

        Assert.Equal("in-image seen", code);
        Assert.Equal(42, doubled);
        Assert.Equal("in-image", (await File.ReadAllLinesAsync(ScratchFile("report.out")))[0]);
        Assert.Empty(LabelledContainers.Docker.Of("Parsl.Tests.ContainerApps.Report")); // no container of its own: it ran in the block's
        Assert.NotEmpty(LabelledContainers.Docker.OfLabel("parsl.run", RunDirectory, runningOnly: true));
    }

    [ServiceFact("docker")]
    public async Task The_blocks_container_is_removed_when_the_kernel_is_disposed()
    {
        var input = ScratchFile("input.txt");
        await File.WriteAllTextAsync(input, "seen\n");
        Assert.Equal("in-image seen", await ContainerApps.WhereCodeAsync(new DataFile(input), new AppCallOptions { Executor = Label }));
        Assert.NotEmpty(LabelledContainers.Docker.OfLabel("parsl.run", RunDirectory));

        await Kernel.DisposeAsync();

        // The docker client passes the block's SIGTERM on to the manager, which exits; --rm removes the container.
        await Poll.UntilAsync(() => LabelledContainers.Docker.OfLabel("parsl.run", RunDirectory).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(30)),
            "the block's container to be stopped and removed: " + string.Join(", ", LabelledContainers.Docker.OfLabel("parsl.run", RunDirectory)));
    }

    private string RunDirectory => Path.GetFullPath(Kernel.RunDirectory);
}
