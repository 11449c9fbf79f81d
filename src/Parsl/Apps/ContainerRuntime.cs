namespace Parsl;

/// <summary>The program that runs an app's image.</summary>
public enum ContainerRuntime
{
    /// <summary>Podman (<c>podman run --rm</c>): daemonless, rootless where the site allows it; the default.</summary>
    Podman,

    /// <summary>Docker (<c>docker run --rm</c>), through the machine's Docker daemon.</summary>
    Docker,

    /// <summary>Apptainer, formerly Singularity (<c>apptainer exec</c>): the runtime HPC centres install, images as SIF files.</summary>
    Apptainer,
}
