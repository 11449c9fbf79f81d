namespace Parsl.Containers;

/// <summary>What a runtime's exit code and message say about a container run, beyond the command's own exit code.</summary>
internal static class ContainerExit
{
    // Podman and docker exit 125 for their own failures (126 and 127 are the command's, as in a shell); apptainer 255.
    private const int PodmanOrDockerFailed = 125;
    private const int ApptainerFailed = 255;
    private const int KilledBySignal = 128;

    private static readonly string[] s_missingImage =
    [
        "image not known", // podman
        "no such image", "unable to find image", // docker
        "could not open image", "failed to retrieve path", // apptainer
    ];

    /// <summary>True when the runtime, not the command, failed.</summary>
    public static bool RuntimeFailed(ContainerRuntime runtime, int exitCode) =>
        exitCode == (runtime == ContainerRuntime.Apptainer ? ApptainerFailed : PodmanOrDockerFailed);

    /// <summary>True when the client ended without taking its container along: a failed start (a created container
    /// may remain) or the client killed by a signal.</summary>
    public static bool MayLeaveContainer(int exitCode) => exitCode == PodmanOrDockerFailed || exitCode > KilledBySignal;

    /// <summary>True when the runtime's message says the image is not on this machine.</summary>
    public static bool ImageMissing(string runtimeMessage) =>
        s_missingImage.Any(text => runtimeMessage.Contains(text, StringComparison.OrdinalIgnoreCase));
}
