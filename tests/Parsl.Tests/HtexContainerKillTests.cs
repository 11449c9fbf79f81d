using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>Containerised tries whose worker is killed: no container stays behind, and the try's re-run is not in the first container's way.</summary>
public sealed class HtexContainerKillTests : HtexRunTest
{
    [ServiceFact("podman")]
    public async Task A_worker_killed_by_its_stopping_manager_leaves_no_container_of_its_command()
    {
        await LoadAsync(Htex(workers: 1, lossRetries: 0));
        var sleeping = HtexApps.SleepInImageAsync();
        const string App = "Parsl.Tests.HtexApps.SleepInImage";
        await Poll.UntilAsync(() => PodmanContainers.Of(App, runningOnly: true).Count == 1, TestTimings.Scaled(TimeSpan.FromSeconds(60)), "the app's container to run");
        var container = Assert.Single(PodmanContainers.Of(App));

        // As a scheduler cancelling the block does: the manager stops, killing its worker with everything under it but
        // the worker's guard, which removes the container the worker's command had started (podman keeps a container
        // whose client died).
        ChildProcess.Signal(Assert.Single(WorkerProcesses.Managers(RunDirectory)), ChildProcess.SigTerm);

        await Poll.UntilAsync(() => !Exists(container), TestTimings.Scaled(TimeSpan.FromSeconds(30)), $"the killed worker's container {container} to be removed");
        await Assert.ThrowsAnyAsync<Exception>(async () => await sleeping); // lost with its worker, and not run again
    }

    // The re-run starts before the killed worker's guard has removed the first container: under the same name it failed
    // to start (exit code 125, "the container name is already in use"), so it gets a name of its own.
    [ServiceFact("podman")]
    public Task A_podman_try_whose_worker_is_killed_runs_again_beside_the_first_container() => RunsAgainAfterItsWorkerIsKilledAsync(LabelledContainers.Podman, ContainerRuntime.Podman);

    [ServiceFact("docker")]
    public Task A_docker_try_whose_worker_is_killed_runs_again_beside_the_first_container() => RunsAgainAfterItsWorkerIsKilledAsync(LabelledContainers.Docker, ContainerRuntime.Docker);

    private async Task RunsAgainAfterItsWorkerIsKilledAsync(LabelledContainers containers, ContainerRuntime runtime)
    {
        const string App = "Parsl.Tests.HtexApps.NapInImage";
        await LoadAsync(Htex(workers: 1, lossRetries: 2));
        var napping = HtexApps.NapInImageAsync(new AppCallOptions { Container = new ContainerImage(ContainerApps.Image) { Runtime = runtime } });
        await Poll.UntilAsync(() => containers.Of(App, runningOnly: true).Count == 1, TestTimings.Scaled(TimeSpan.FromSeconds(60)), "the app's container to run");

        ChildProcess.Signal(Assert.Single(WorkerProcesses.Workers(WorkerProcesses.Managers(RunDirectory))), ChildProcess.SigKill);

        await napping;
        Assert.Equal(1, napping.Record.Tries);
        await Poll.UntilAsync(() => containers.Of(App).Count == 0, TestTimings.Scaled(TimeSpan.FromSeconds(30)), "both containers to be removed");
    }

    private static bool Exists(string name)
    {
        using var exists = Process.Start(new ProcessStartInfo("podman", ["container", "exists", name]))!;
        exists.WaitForExit();
        return exists.ExitCode == 0;
    }
}
