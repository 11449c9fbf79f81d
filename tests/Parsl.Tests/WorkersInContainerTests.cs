namespace Parsl.Tests;

/// <summary>Workers inside the test image, run by podman (<see cref="WorkersInImageTest"/>).</summary>
public sealed class WorkersInContainerTests : WorkersInImageTest
{
    protected override ContainerImage Image { get; } = new(ContainerApps.Image);

    private protected override LabelledContainers Containers => LabelledContainers.Podman;

    [ServiceFact("podman")]
    public Task Code_apps_run_inside_the_image_reading_mounted_files_and_bash_apps_run_there_without_a_second_container() => CodeAndBashAppsRunInsideAsync();

    [ServiceFact("podman")]
    public Task The_blocks_container_is_removed_when_the_kernel_is_disposed() => TheBlocksContainerIsRemovedWhenTheKernelIsDisposedAsync();

    [ServiceFact("podman")]
    public Task A_frozen_manager_inside_the_image_is_replaced_and_its_container_removed() => AFrozenManagerInsideTheImageIsReplacedAndItsContainerRemovedAsync();

    [ServiceFact("podman")]
    public Task A_missing_image_fails_the_waiting_tasks_with_the_runtimes_message_naming_it() => AMissingImageFailsTheWaitingTasksAsync("image not known");

    [ServiceFact("podman")]
    public async Task A_bash_app_that_names_another_image_is_refused_at_the_call()
    {
        var other = new AppCallOptions { Executor = Label, Container = new ContainerImage("localhost/some-other:1") };

        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await ContainerApps.ReportAsync(ScratchFile("never.out"), other));

        Assert.Contains("runs its workers inside image " + ContainerApps.Image, failure.Message, StringComparison.Ordinal);
    }
}
