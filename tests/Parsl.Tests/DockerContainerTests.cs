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

/// <summary>Workers inside the test image, run by Docker (<see cref="WorkersInImageTest"/>); Docker runs the manager as
/// the calling user (--user).</summary>
public sealed class DockerWorkersInContainerTests : WorkersInImageTest
{
    protected override ContainerImage Image { get; } = new(ContainerApps.Image) { Runtime = ContainerRuntime.Docker };

    private protected override LabelledContainers Containers => LabelledContainers.Docker;

    [ServiceFact("docker")]
    public Task Code_apps_run_inside_the_image_reading_mounted_files_and_bash_apps_run_there_without_a_second_container() => CodeAndBashAppsRunInsideAsync();

    [ServiceFact("docker")]
    public Task The_blocks_container_is_removed_when_the_kernel_is_disposed() => TheBlocksContainerIsRemovedWhenTheKernelIsDisposedAsync();

    [ServiceFact("docker")]
    public Task A_frozen_manager_inside_the_image_is_replaced_and_its_container_removed() => AFrozenManagerInsideTheImageIsReplacedAndItsContainerRemovedAsync();

    [ServiceFact("docker")]
    public Task A_missing_image_fails_the_waiting_tasks_with_the_runtimes_message_naming_it() => AMissingImageFailsTheWaitingTasksAsync("No such image");
}
