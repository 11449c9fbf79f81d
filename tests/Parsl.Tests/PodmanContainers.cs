namespace Parsl.Tests;

/// <summary>Podman's <see cref="LabelledContainers"/>, by the name the podman tests use.</summary>
internal static class PodmanContainers
{
    /// <inheritdoc cref="LabelledContainers.Of"/>
    public static IReadOnlyList<string> Of(string appId, bool runningOnly = false) => LabelledContainers.Podman.Of(appId, runningOnly);

    /// <inheritdoc cref="LabelledContainers.OfLabel"/>
    public static IReadOnlyList<string> OfLabel(string label, string value, bool runningOnly = false) => LabelledContainers.Podman.OfLabel(label, value, runningOnly);
}
