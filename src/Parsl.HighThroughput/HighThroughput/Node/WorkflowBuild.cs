using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Which build of the workflow's assemblies a run uses: each assembly's module version id, which the compiler makes
/// anew for every build. The workflow passes its own on the manager's command line (<c>--assembly-build</c>, one per
/// <c>--assembly</c>); managers and workers check the files they load against it, so a program rebuilt while its
/// blocks run is refused by name instead of misreading tasks written for another build.
/// </summary>
internal static class WorkflowBuild
{
    /// <summary>The build id of an assembly file, read from its metadata without loading it.</summary>
    public static Guid IdOf(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        var metadata = reader.GetMetadataReader();
        return metadata.GetGuid(metadata.GetModuleDefinition().Mvid);
    }

    /// <summary>Throws, naming the assembly and both builds, when a file on disk is not the build the workflow runs.</summary>
    public static void Verify(HostArguments options, string host, Func<string, Guid> idOf)
    {
        var paths = options.All("assembly");
        var builds = options.All("assembly-build");
        if (builds.Count != paths.Count)
            throw new ArgumentException($"--assembly-build must be given once per --assembly ({builds.Count} for {paths.Count})");
        for (var i = 0; i < paths.Count; i++)
        {
            var found = idOf(paths[i]);
            if (found != Guid.Parse(builds[i]))
                throw new InvalidOperationException(
                    $"{Path.GetFileName(paths[i])} is not the build the workflow runs (the workflow's is {builds[i]}, the file at {paths[i]} is {found}): " +
                    $"it was rebuilt after the workflow started, so this {host} refuses to run its apps. Let a run finish before rebuilding its program, or start the workflow again.");
        }
    }
}
