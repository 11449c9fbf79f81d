namespace Parsl;

/// <summary>A bash app runs in an image whose runtime (podman, docker, apptainer) is not on this machine.</summary>
public sealed class ContainerRuntimeMissingException(AppDescriptor app, long taskId, string command, ContainerImage image, string howToInstall)
    : BashAppException(app, taskId, command,
        $"{Describe(app, taskId)} runs in image {image.Name}, but its container runtime '{image.Program}' ({image.Runtime}) is not " +
        $"{(image.Program.Contains('/') ? "there" : "on PATH")} on this machine: {howToInstall}, or choose another runtime " +
        "(ContainerRuntime on the app's attribute, ContainerImage.Runtime/RuntimeProgram, or YAML container: { runtime: podman|docker|apptainer }).")
{
    /// <summary>The image the app runs in.</summary>
    public ContainerImage Image { get; } = image;
}
