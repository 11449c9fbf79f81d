namespace Parsl.Containers;

/// <summary>
/// The runtime's command lines for one container: the run of a command inside it, and, for the runtimes that keep a
/// container apart from the process that started it (podman, docker), its stop and its removal. Everything the
/// container sees of the host is mounted at the same path, so a command line reads the same inside as outside.
/// Executors use it to run a bash app's command in its image, and to start their workers inside an image
/// (<see cref="Executors.IExecutor.WorkersRunInContainer"/>).
/// </summary>
/// <param name="image">The image and its runtime.</param>
/// <param name="name">The container's name, by which it is found and removed; null to let the runtime name it (a block
/// that starts one per node under one launcher line: the labels find them).</param>
/// <param name="workingDirectory">Mounted, and the command's working directory inside.</param>
/// <param name="folders">Other host folders to mount (a try's files' folders, <see cref="ContainerImage.Mounts"/>).</param>
/// <param name="variables">Names of variables passed from the launching environment.</param>
/// <param name="labels">Labels put on the container (podman, docker), to find it by app, task or block.</param>
public sealed class ContainerCommand(ContainerImage image, string? name, string workingDirectory, IReadOnlyList<string> folders,
    IReadOnlyList<string> variables, IReadOnlyList<KeyValuePair<string, string>> labels)
{
    /// <summary>The image and its runtime.</summary>
    public ContainerImage Image { get; } = image ?? throw new ArgumentNullException(nameof(image));

    /// <summary>The container's name; null when the runtime names it.</summary>
    public string? Name { get; } = name;

    /// <summary>The command's working directory inside, mounted from the host.</summary>
    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>Other host folders mounted.</summary>
    public IReadOnlyList<string> Folders { get; } = folders;

    /// <summary>Names of the variables passed from the launching environment.</summary>
    public IReadOnlyList<string> Variables { get; } = variables;

    /// <summary>Labels put on the container.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    /// <summary>The shell inside the image that runs a bash app's command.</summary>
    public const string Shell = "/bin/bash";

    /// <summary>A container of <paramref name="image"/> that sees <paramref name="workingDirectory"/>, <paramref name="folders"/>
    /// and the image's own <see cref="ContainerImage.Mounts"/>, and gets every <c>PARSL_*</c> variable of the launching
    /// environment besides those the image names (<see cref="ContainerImage.Variables"/>) and <paramref name="variables"/>.</summary>
    public static ContainerCommand Of(ContainerImage image, string? name, string workingDirectory, IEnumerable<string> folders,
        IEnumerable<KeyValuePair<string, string>> labels, IEnumerable<string>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var passed = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(variable => variable.StartsWith("PARSL_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Concat(variables ?? []).Concat(image.Variables).Distinct(StringComparer.Ordinal).ToList();
        return new ContainerCommand(image, name, workingDirectory, [.. folders, .. image.Mounts], passed, [.. labels]);
    }

    /// <summary>The container of one try of <paramref name="app"/>, or null when it names no image: the working directory
    /// and the folders of the files among <paramref name="values"/> mounted.</summary>
    internal static ContainerCommand? For(ContainerImage? image, string name, AppDescriptor app, long taskId, object? values) =>
        image is null ? null : Of(image, name, Environment.CurrentDirectory, ContainerMounts.FoldersOf(values),
            [new("parsl.app", app.Id), new("parsl.task", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new(Processes.OrphanGuard.Label, Processes.OrphanGuard.Token)]);

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
            arguments = ["run", "--rm", "--pull=never"];
            if (Name is not null)
                arguments.AddRange(["--name", Name]);
            arguments.Add("--network=host");
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
    /// runtime whose container dies with its process group (Apptainer), and for a container without a name.</summary>
    public IReadOnlyList<string>? Stop(TimeSpan grace) => Image.Runtime == ContainerRuntime.Apptainer || Name is null
        ? null
        : ["stop", "--time", Seconds(grace), Name];

    /// <summary>A grace period as the runtimes' <c>stop --time</c> takes it: whole seconds, rounded up.</summary>
    internal static string Seconds(TimeSpan grace) =>
        Math.Max(0, (int)Math.Ceiling(grace.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The arguments that remove the container whatever its state (nothing when it is gone); null for Apptainer
    /// and for a container without a name.</summary>
    public IReadOnlyList<string>? Remove() => Image.Runtime == ContainerRuntime.Apptainer || Name is null ? null : ["rm", "--force", Name];

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
