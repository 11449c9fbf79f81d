namespace Parsl;

/// <summary>
/// What Parsl takes per call rather than per app (<c>stdout</c>, <c>stderr</c>, <c>walltime</c>, the executor, a
/// resource specification, retries): passed as the last argument of an app's stub,
/// <c>DockAsync(protein, ligand, options: new() { Walltime = TimeSpan.FromMinutes(5) })</c>, and merged over the values
/// of the app's attribute for that call only.
/// </summary>
public sealed record AppCallOptions
{
    /// <summary>Creates options; the place that creates them is recorded, for the calls of a <c>params</c> app's stub that has no other way to know it.</summary>
    /// <param name="callerFilePath">Filled in by the compiler.</param>
    /// <param name="callerLineNumber">Filled in by the compiler.</param>
    public AppCallOptions([System.Runtime.CompilerServices.CallerFilePath] string callerFilePath = "", [System.Runtime.CompilerServices.CallerLineNumber] int callerLineNumber = 0) =>
        CallSite = new CallSite(callerFilePath, callerLineNumber);

    /// <summary>Where the options were made: usually the call they are passed to.</summary>
    public CallSite CallSite { get; init; }

    /// <summary>
    /// A <see cref="Stdout"/> or <see cref="Stderr"/> (also of <see cref="BashAppAttribute"/>) that names a file per task
    /// under the run directory, <c>runinfo/NNN/task_logs/0000/task_0012_Dock.stdout</c> (Parsl's <c>AUTO_LOGNAME</c>).
    /// </summary>
    public const string AutoLogName = "<parsl:auto-logname>";

    /// <summary>The label of the executor this call runs on (any executor of the config), instead of the app's.</summary>
    public string? Executor { get; init; }

    /// <summary>The wall-clock limit of each try of this call, instead of the app's <c>WalltimeSeconds</c>.</summary>
    public TimeSpan? Walltime { get; init; }

    /// <summary>How many times this call is retried, instead of the app's or the config's.</summary>
    public int? Retries { get; init; }

    /// <summary>A bash app's stdout file for this call, used as given (or <see cref="AutoLogName"/>).</summary>
    public string? Stdout { get; init; }

    /// <summary>A bash app's stderr file for this call, used as given (or <see cref="AutoLogName"/>).</summary>
    public string? Stderr { get; init; }

    /// <summary>What the call needs from the machine that runs it; executors that place work read it from the try.</summary>
    public ResourceSpecification? Resources { get; init; }

    /// <summary>The image this call runs in, instead of the app's or its executor's (see <see cref="ContainerImage"/>).</summary>
    public ContainerImage? Container { get; init; }

    /// <summary>Checks the options against the app and the loaded config; throws at the call, naming the app, when they do not fit.</summary>
    internal void Validate(AppDescriptor app, IReadOnlyCollection<string> executorLabels, CallSite callSite)
    {
        if (Executor is { } label && !executorLabels.Contains(label))
            throw new Executors.UnknownExecutorException(app, [label], [.. executorLabels], Executors.UnknownExecutorException.LabelSource.CallOptions, callSite);
        if (Walltime is { } walltime && walltime <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Walltime), walltime, $"The walltime of a call of {app.Id} must be positive; leave it null for the app's own.");
        if (Retries is < 0)
            throw new ArgumentOutOfRangeException(nameof(Retries), Retries, $"The retries of a call of {app.Id} cannot be negative; leave them null for the app's own.");
        if ((Stdout ?? Stderr) is not null && app.Kind != AppKind.Bash)
            throw new ArgumentException($"{app.Id} is not a bash app, so a call of it has no stdout or stderr to redirect; remove Stdout and Stderr from its AppCallOptions.");
        if (Container is not null && app.Kind == AppKind.Join)
            throw new ArgumentException($"{app.Id} is a join app, which runs in the workflow to call other apps; it cannot run in an image. Give the apps it calls one instead.");
        if (Walltime is not null && app.Kind == AppKind.Join)
            throw new ArgumentException($"{app.Id} is a join app, whose try ends when its body returns its future; a walltime cannot apply. Give the apps it calls one instead.");
    }
}
