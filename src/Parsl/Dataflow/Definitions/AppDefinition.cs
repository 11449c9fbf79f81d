using Parsl.Dataflow;

namespace Parsl;

/// <summary>
/// Everything the runtime knows about one app, generated once per app as a static object: its descriptor, how its
/// packed arguments resolve into one value, how a try invokes it, and how a cached app writes its memo key. Stubs
/// submit through it, <see cref="AppRegistry"/> finds it by id, and executors that run tries elsewhere will find their
/// argument and result codecs on it.
/// </summary>
public abstract class AppDefinition
{
    private protected AppDefinition(AppKind kind, AppDescriptorOptions options) => Descriptor = new AppDescriptor(kind, options);

    /// <summary>The app's static metadata.</summary>
    public AppDescriptor Descriptor { get; }

    /// <summary>Why the app cannot run in another process (a type that cannot travel, or a join app), or null when it can.</summary>
    internal abstract string? TransportProblem { get; }

    /// <summary>
    /// Runs one try in a worker process: reads the arguments the workflow sent, calls the app and writes its result.
    /// Throws what the app threw.
    /// </summary>
    public abstract void RunEncoded(in WorkerCall call, WireWriter result);

    /// <inheritdoc />
    public override string ToString() => Descriptor.Id;
}

/// <summary>The definition of an app whose inputs are packed as <typeparamref name="TArguments"/>.</summary>
/// <typeparam name="TArguments">The pack of the stub's arguments, each a value or a future.</typeparam>
/// <typeparam name="TValues">The resolved arguments: a tuple of the values the app's method receives.</typeparam>
/// <typeparam name="TResult">The app's result type.</typeparam>
public abstract class AppDefinition<TArguments, TValues, TResult> : AppDefinition
    where TArguments : IAppArgument
{
    private readonly Func<TArguments, TValues> _resolve;
    private readonly Action<CacheKeyBuilder, TValues>? _writeKey;

    private protected AppDefinition(AppKind kind, AppDescriptorOptions options, Func<TArguments, TValues> resolve, Action<CacheKeyBuilder, TValues>? writeKey,
        AppCodec<TValues, TResult>? codec)
        : base(kind, options)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        _resolve = resolve;
        _writeKey = writeKey;
        Codec = codec;
    }

    /// <summary>How the app's arguments and result cross to a worker process; null for apps that never leave the workflow's process.</summary>
    public AppCodec<TValues, TResult>? Codec { get; }

    internal override string? TransportProblem => Descriptor.Kind == AppKind.Join
        ? $"join app {Descriptor.Id} runs in the workflow's process, where the futures it returns live"
        : Codec is null ? $"app {Descriptor.Id} was compiled without wire codecs; rebuild it with the Parsl generator"
        : Codec.UnavailableReason;

    /// <inheritdoc />
    public override void RunEncoded(in WorkerCall call, WireWriter result)
    {
        var reader = new WireReader(call.Arguments.Span) { StagedCopies = call.StagedCopies };
        var values = Codec!.ReadValues(ref reader);
        reader.EnsureEnd();
        var value = Invoke(values, call);
        try
        {
            Codec.WriteResult(result, value);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // The app succeeded; its value cannot travel (a property that throws when read): say that, not only the
            // getter's words, which would read as the app's own failure.
            throw new InvalidOperationException(
                $"Task {call.TaskId} ({Descriptor.Id}) returned a {value?.GetType().Name ?? "null"} that its worker could not encode to send back " +
                $"({failure.GetType().Name}: {Logging.Sentence.Clause(failure.Message)}). Return a value whose public properties can all be read.", failure);
        }
    }

    /// <summary>Calls the app's method in a worker process (no task object there: just the values and the call).</summary>
    private protected abstract TResult Invoke(TValues values, in WorkerCall call);

    /// <summary>Submits one call of the app to the loaded kernel and returns its future at once; called by the generated stub.</summary>
    /// <param name="arguments">The call's arguments, each a value or a future.</param>
    /// <param name="callSite">Where the workflow called the app.</param>
    /// <param name="options">The call's own options, or null.</param>
    public AppFuture<TResult> Submit(TArguments arguments, CallSite callSite, AppCallOptions? options) =>
        DataFlowKernel.Current.Submit(new AppTask<TArguments, TValues, TResult>(this, arguments) { Options = options }, callSite);

    /// <summary>Reads the values out of a pack whose futures have all completed.</summary>
    internal TValues Resolve(TArguments arguments) => _resolve(arguments);

    /// <summary>Writes the resolved arguments for a worker process.</summary>
    internal void WriteValues(WireWriter writer, TValues values) => Codec!.WriteValues(writer, values);

    /// <summary>Reads a result a worker process sent; throws <see cref="WireFormatException"/> on malformed bytes.</summary>
    internal TResult ReadResult(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes);
        var result = Codec!.ReadResult(ref reader);
        reader.EnsureEnd();
        return result;
    }

    /// <summary>Writes the resolved arguments into a memo key; nothing for apps that are not cached.</summary>
    internal void WriteKey(CacheKeyBuilder key, TValues values) => _writeKey?.Invoke(key, values);

    /// <summary>Runs one try on the calling thread and reports its outcome to <paramref name="task"/>; throws what the app threw.</summary>
    internal abstract void RunTry(AppTask<TArguments, TValues, TResult> task, int number, CancellationToken cancellationToken);
}
