using System.Diagnostics;

namespace Parsl.Tests;

/// <summary>A worker its manager kills mid-try (the block cancelled by its scheduler) leaves no container of its command behind.</summary>
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

    private static bool Exists(string name)
    {
        using var exists = Process.Start(new ProcessStartInfo("podman", ["container", "exists", name]))!;
        exists.WaitForExit();
        return exists.ExitCode == 0;
    }
}
