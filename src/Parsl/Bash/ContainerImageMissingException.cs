namespace Parsl;

/// <summary>A bash app's image is not on the machine that runs it; the runtime's own message is in <see cref="BashExitException.StderrTail"/>.</summary>
public sealed class ContainerImageMissingException(AppDescriptor app, long taskId, string command, int exitCode, string stderrTail, ContainerImage image)
    : BashExitException(app, taskId, command, exitCode, stderrTail,
        $"{Describe(app, taskId)} runs in image {image.Name}, which {image.Program} does not have on this machine (exit code {exitCode}). " +
        $"Parsl never pulls images: pull it once before the run ({image.Program} pull {image.Name}) or make it here " +
        $"({image.Program} build, or {image.Program} import of a root file system), on every node that runs the app.")
{
    /// <summary>The missing image.</summary>
    public ContainerImage Image { get; } = image;
}
