namespace Parsl.Generators.Model;

/// <summary>The image an app's attribute names, and the runtime (Parsl.ContainerRuntime's value: 0 is Podman).</summary>
internal sealed record ContainerSpec(string Image, int Runtime)
{
    /// <summary>Null when the attribute names no image.</summary>
    public static ContainerSpec? From(string? image, int runtime) =>
        string.IsNullOrWhiteSpace(image) ? null : new ContainerSpec(image!, runtime);
}
