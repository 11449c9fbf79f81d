namespace Parsl.Containers;

/// <summary>
/// The runtime's command lines for one container: the run of a command inside it, and, for the runtimes that keep a
/// container apart from the process that started it (podman, docker), its stop and its removal. Everything the
/// container sees of the host is mounted at the same path, so a command line reads the same inside as outside.
/// </summary>
/// <param name="Image">The image and its runtime.</param>
/// <param name="Name">The container's name, derived from the run and the try, by which it is found and removed.</param>
/// <param name="WorkingDirectory">The try's working directory: mounted, and the command's working directory inside.</param>
/// <param name="Folders">Other host folders to mount (the try's files' folders, <see cref="ContainerImage.Mounts"/>).</param>
/// <param name="Variables">Names of variables passed from the launching environment.</param>
/// <param name="Labels">Labels put on the container (podman, docker), to find it by app or task.</param>
internal sealed record ContainerCommand(ContainerImage Image, string Name, string WorkingDirectory, IReadOnlyList<string> Folders,
    IReadOnlyList<string> Variables, IReadOnlyList<KeyValuePair<string, string>> Labels)
{
    /// <summary>The shell inside the image that runs a bash app's command.</summary>
    public const string Shell = "/bin/bash";

    /// <summary>The container of one try of <paramref name="app"/>, or null when it names no image: the working directory
    /// and the folders of the files among <paramref name="values"/> mounted, every <c>PARSL_*</c> variable passed.</summary>
    public static ContainerCommand? For(ContainerImage? image, string name, AppDescriptor app, long taskId, object? values)
    {
        if (image is null)
            return null;
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(variable => variable.StartsWith("PARSL_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Concat(image.Variables).Distinct(StringComparer.Ordinal).ToList();
        return new ContainerCommand(image, name, Environment.CurrentDirectory, [.. ContainerMounts.FoldersOf(values), .. image.Mounts], variables,
            [new("parsl.app", app.Id), new("parsl.task", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    /// <summary>The folders mounted, shortest first: none twice, and none inside another (its parent's mount shows it).</summary>
    public IReadOnlyList<string> Mounts => field ??= Outermost([WorkingDirectory, .. Folders]);

    /// <summary>The arguments of the runtime's program that run <paramref name="command"/> through bash inside the image.</summary>
    public IReadOnlyList<string> Run(string command) => Run([Shell, "-c", command]);

    /// <summary>The arguments of the runtime's program that run <paramref name="program"/> (argv) inside the image.</summary>
    public IReadOnlyList<string> Run(IReadOnlyList<string> program)
    {
        List<string> arguments;
        if (Image.Runtime == ContainerRuntime.Apptainer)
        {
            // Apptainer runs the image as a process of the caller's: no name, no daemon, the environment inherited.
            arguments = ["exec", "--bind", string.Join(',', Mounts.Select(folder => $"{folder}:{folder}")), "--pwd", WorkingDirectory];
        }
        else
        {
            // Never pull: thousands of tries would each pull it. Host networking: the command reaches what it would outside.
            arguments = ["run", "--rm", "--pull=never", "--name", Name, "--network=host"];
            foreach (var (key, value) in Labels)
                arguments.AddRange(["--label", $"{key}={value}"]);
            foreach (var folder in Mounts)
                arguments.AddRange(["--volume", $"{folder}:{folder}"]);
            arguments.AddRange(["--workdir", WorkingDirectory]);
            foreach (var variable in Variables)
                arguments.AddRange(["--env", variable]);
            // Docker's containers run as root unless told: the files a task writes must be the user's, as outside.
            // Rootless podman maps root inside to the user already.
            if (Image.Runtime == ContainerRuntime.Docker && UserAndGroup() is { } user)
                arguments.AddRange(["--user", user]);
        }
        arguments.Add(Image.Name);
        arguments.AddRange(program);
        return arguments;
    }

    /// <summary>The arguments that stop the container (SIGTERM, SIGKILL after <paramref name="grace"/>); null for a
    /// runtime whose container dies with its process group (Apptainer).</summary>
    public IReadOnlyList<string>? Stop(TimeSpan grace) => Image.Runtime == ContainerRuntime.Apptainer
        ? null
        : ["stop", "--time", Math.Max(0, (int)Math.Ceiling(grace.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture), Name];

    /// <summary>The arguments that remove the container whatever its state (nothing when it is gone); null for Apptainer.</summary>
    public IReadOnlyList<string>? Remove() => Image.Runtime == ContainerRuntime.Apptainer ? null : ["rm", "--force", Name];

    private static List<string> Outermost(IEnumerable<string> folders)
    {
        var kept = new List<string>();
        foreach (var folder in folders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).Distinct(StringComparer.Ordinal).OrderBy(f => f.Length))
        {
            if (!kept.Any(outer => folder.StartsWith(outer.EndsWith('/') ? outer : outer + "/", StringComparison.Ordinal)))
                kept.Add(folder);
        }
        return kept;
    }

    private static string? UserAndGroup() => OperatingSystem.IsWindows() ? null : $"{Processes.UserIdentity.UserId}:{Processes.UserIdentity.GroupId}";
}
