namespace Parsl.Executors;

/// <summary>
/// Which executor runs a try: the one a retry handler or the call names, else one of the app's executors (all of the
/// config's when the app names none), round-robin. Unknown labels and resource requests no candidate can honour are
/// refused at the call, where the user can see them.
/// </summary>
internal sealed class ExecutorRouting
{
    private readonly IExecutor[] _executors;
    private readonly Dictionary<string, IExecutor> _byLabel;
    private readonly IReadOnlyDictionary<string, ResourceSpecification> _configured;
    private int _roundRobin;

    public ExecutorRouting(IExecutor[] executors, IReadOnlyDictionary<string, ResourceSpecification> configured)
    {
        _executors = executors;
        _configured = configured;
        _byLabel = executors.ToDictionary(e => e.Label, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Labels => _byLabel.Keys;

    /// <summary>Checks a call before it is submitted: its app's executors exist, its options are valid, its resources can be honoured.</summary>
    public void CheckCall(AppDescriptor app, AppCallOptions? options, CallSite callSite)
    {
        var executors = For(app, callSite);
        options?.Validate(app, _byLabel.Keys, callSite);
        if (ResourcesOf(app, options) is { } resources)
            RefuseUnhonouredResources(app, resources, options?.Executor is { } label ? [_byLabel[label]] : executors, callSite);
        if ((options?.Container ?? app.Container) is { } image)
            RefuseUnrunnableImage(app, image, options?.Executor is { } label ? [_byLabel[label]] : executors, callSite);
    }

    /// <summary>What a call needs: the app's attribute, under the config's entry for the app, under the call's own.</summary>
    public ResourceSpecification? ResourcesOf(AppDescriptor app, AppCallOptions? options) =>
        ResourceSpecification.Merge(app.Resources, _configured.Count == 0 ? null : _configured.GetValueOrDefault(app.Id), options?.Resources);

    /// <summary>
    /// A code app runs in an image only where its executor's workers run inside that image (the same image by the same
    /// runtime: what is mounted and passed is the executor's to say); and no image runs from inside another (containers
    /// do not nest). Either is refused at the call rather than run outside the image it names.
    /// </summary>
    private static void RefuseUnrunnableImage(AppDescriptor app, ContainerImage image, IExecutor[] candidates, CallSite callSite)
    {
        var site = string.IsNullOrEmpty(callSite.FilePath) ? "" : $" (at {callSite})";
        if (app.Kind != AppKind.Bash && candidates.FirstOrDefault(e => !(e.WorkersRunInContainer && image.IsSameImageAs(e.Container))) is { } outside)
            throw new ArgumentException(
                $"A call of {app.Id}{site} runs in image {image.Name}, but {app.Id} is a {app.Kind.ToString().ToLowerInvariant()} app and executor '{outside.Label}' " +
                $"({outside.GetType().Name}) runs its code {(outside.WorkersRunInContainer ? $"in image {outside.Container!.Name}" : "outside any image")}. " +
                "Code runs in an image only on an executor whose workers run inside it: route the app to a HighThroughputExecutor with that Container " +
                "(YAML: container: { image: ... }), or make it a bash app that runs its tool in the image.");
        if (candidates.FirstOrDefault(e => e.WorkersRunInContainer && !image.IsSameImageAs(e.Container)) is { } nested)
            throw new ArgumentException(
                $"A call of {app.Id}{site} runs in image {image.Name}, but executor '{nested.Label}' runs its workers inside image {nested.Container!.Name}, " +
                "and containers do not nest. Route the app to an executor whose workers run outside any image, or give that executor this image.");
    }

    /// <summary>The executor for a task's next try; null with <paramref name="failure"/> when the label a retry handler chose is unknown.</summary>
    public IExecutor? Choose(AppDescriptor app, string? requestedLabel, CallSite callSite, out Exception? failure)
    {
        failure = null;
        if (requestedLabel is not null)
        {
            // A retry handler moved the task, or the call named its executor: any executor of the config will do.
            if (_byLabel.TryGetValue(requestedLabel, out var requested))
                return requested;
            failure = new UnknownExecutorException(app, [requestedLabel], [.. _byLabel.Keys], UnknownExecutorException.LabelSource.RetryHandler, callSite);
            return null;
        }
        var candidates = For(app);
        return candidates.Length == 1 ? candidates[0] : candidates[(int)((uint)Interlocked.Increment(ref _roundRobin) % (uint)candidates.Length)];
    }

    /// <summary>The executors <paramref name="app"/> may use, bound to the app's descriptor for this run.</summary>
    public IExecutor[] For(AppDescriptor app, CallSite? callSite = null)
    {
        if (app.RoutingCache is ExecutorBinding binding && ReferenceEquals(binding.Routing, this))
            return binding.Executors;
        IExecutor[] executors;
        if (app.Executors.Count == 0)
        {
            executors = _executors;
        }
        else
        {
            var unknown = app.Executors.Where(label => !_byLabel.ContainsKey(label)).ToArray();
            if (unknown.Length > 0)
                throw new UnknownExecutorException(app, unknown, [.. _byLabel.Keys], UnknownExecutorException.LabelSource.Attribute, callSite);
            executors = [.. app.Executors.Select(label => _byLabel[label])];
        }
        app.RoutingCache = new ExecutorBinding(this, executors);
        return executors;
    }

    /// <summary>
    /// An executor that reserves nothing per try (<see cref="IExecutor.HonoursResources"/> false: the built-in ones give a
    /// try a thread or a worker slot) would silently ignore a resource specification, so the call fails instead, as
    /// Parsl's executors refuse one. Executors of your own read it from <see cref="TaskTry.Resources"/>.
    /// </summary>
    private static void RefuseUnhonouredResources(AppDescriptor app, ResourceSpecification resources, IExecutor[] candidates, CallSite callSite)
    {
        var site = string.IsNullOrEmpty(callSite.FilePath) ? "" : $" (at {callSite})";
        if (resources.IsMpi() && candidates.FirstOrDefault(e => !e.RunsMpiApps) is { } single)
            throw new ArgumentException(
                $"A call of {app.Id}{site} is an MPI app's (it asks for {MpiFigures(resources)}), but executor '{single.Label}' ({single.GetType().Name}) " +
                "does not run MPI apps. Route the app to a HighThroughputExecutor in MPI mode (its MpiLauncher; YAML: mpi_launcher), or remove the nodes and ranks.");
        if (!resources.ReservesMachine() || candidates.FirstOrDefault(e => !e.HonoursResources) is not { } executor)
            return;
        throw new ArgumentException(
            $"A call of {app.Id}{site} asks for resources ({resources}), which executor '{executor.Label}' ({executor.GetType().Name}) cannot honour: " +
            "it gives each try a thread or a worker slot and reserves no cores, memory or GPUs for it. Remove Resources from the call's AppCallOptions, " +
            "or pin the app to an executor that places work by resources.");
    }

    private static string MpiFigures(ResourceSpecification resources) => string.Join(", ",
        new[] { ("nodes", resources.Nodes), ("ranks per node", resources.RanksPerNode), ("ranks", resources.Ranks) }
            .Where(figure => figure.Item2 is not null).Select(figure => $"{figure.Item2} {figure.Item1}"));
}
