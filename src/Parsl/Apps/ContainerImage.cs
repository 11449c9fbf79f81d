namespace Parsl;

/// <summary>
/// An image an app runs in, and the runtime that runs it: on an app (<c>Image</c> on <see cref="BashAppAttribute"/> or
/// <see cref="AppAttribute"/>), on a call (<see cref="AppCallOptions.Container"/>), or on an executor as the default of
/// its apps. A bash app's command runs inside it with its working directory, its files' folders and
/// <see cref="Mounts"/> mounted at the same paths, so the command line needs no change (docs/containers.md).
/// </summary>
/// <remarks>Images are never pulled: a missing image fails the try, saying so. Pull or build it on each node first, once.</remarks>
public sealed record ContainerImage
{
    /// <summary>Names the image, e.g. <c>localhost/tools:1</c>, <c>docker.io/library/debian:12</c>, or (Apptainer) a SIF file's path.</summary>
    /// <param name="name">The image as the runtime names it.</param>
    public ContainerImage(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The image as the runtime names it.</summary>
    public string Name { get; }

    /// <summary>The runtime that runs the image: Podman unless said otherwise.</summary>
    public ContainerRuntime Runtime { get; init; } = ContainerRuntime.Podman;

    /// <summary>The runtime's program, a name found on PATH or a full path; null (the default) for <c>podman</c>,
    /// <c>docker</c> or <c>apptainer</c>, after <see cref="Runtime"/>.</summary>
    public string? RuntimeProgram { get; init; }

    /// <summary>The names of variables of the launching environment the command needs inside, besides every
    /// <c>PARSL_*</c> one, which is always passed.</summary>
    public IReadOnlyList<string> Variables { get; init; } = [];

    /// <summary>Host folders the command needs besides its working directory and its files' folders (reference data,
    /// a tool's database), each mounted at the same path.</summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];

    /// <summary>The program that runs the image, as configured: <see cref="RuntimeProgram"/> or the runtime's usual name.</summary>
    public string Program => RuntimeProgram ?? Runtime switch
    {
        ContainerRuntime.Docker => "docker",
        ContainerRuntime.Apptainer => "apptainer",
        _ => "podman",
    };

    /// <summary>Whether <paramref name="other"/> names the same image for the same runtime, whatever each mounts and passes.</summary>
    internal bool IsSameImageAs(ContainerImage? other) => other is not null && Name == other.Name && Runtime == other.Runtime;

    /// <inheritdoc />
    public bool Equals(ContainerImage? other) =>
        other is not null && Name == other.Name && Runtime == other.Runtime && RuntimeProgram == other.RuntimeProgram
        && Variables.SequenceEqual(other.Variables) && Mounts.SequenceEqual(other.Mounts);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Runtime, RuntimeProgram);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Program})";
}
