using System.Collections.Concurrent;

namespace Parsl.Containers;

/// <summary>Finds an image's runtime program before a try starts, so that a missing runtime is named as such rather
/// than surfacing as the shell's "command not found".</summary>
internal static class ContainerRuntimeProgram
{
    private static readonly ConcurrentDictionary<string, string> s_found = new(StringComparer.Ordinal);

    /// <summary>The runtime's full path, or null when <see cref="ContainerImage.Program"/> is neither on PATH nor a file.</summary>
    public static string? Locate(ContainerImage image)
    {
        var program = image.Program;
        if (s_found.TryGetValue(program, out var known))
            return known;
        var found = program.Contains('/') ? (File.Exists(program) ? Path.GetFullPath(program) : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
        // Only what was found is kept: a runtime installed while the program runs is found on the next try.
        return found is null ? null : s_found.GetOrAdd(program, found);
    }

    /// <summary>How to get <paramref name="runtime"/>, for the error that says it is missing.</summary>
    public static string HowToInstall(ContainerRuntime runtime) => runtime switch
    {
        ContainerRuntime.Docker => "install Docker (Debian: apt-get install docker.io) and start its daemon",
        ContainerRuntime.Apptainer => "load it (on most clusters: module load apptainer) or install it (apptainer.org/docs/admin)",
        _ => "install Podman (Debian: apt-get install podman runc; docs/containers.md)",
    };
}
