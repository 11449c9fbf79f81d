namespace Parsl;

/// <summary>Writes a value in the wire format; generated per type.</summary>
public delegate void WireWrite<in T>(WireWriter writer, T value);

/// <summary>Reads a value in the wire format; generated per type.</summary>
public delegate T WireRead<out T>(ref WireReader reader);

/// <summary>
/// How an app's arguments and result cross to and from a worker process: writers and readers generated at compile time
/// for the app's parameter and result types. An app whose types cannot travel has a codec that says why
/// (<see cref="Unavailable"/>), and worker executors refuse it at submission with that reason.
/// </summary>
/// <typeparam name="TValues">The app's resolved arguments.</typeparam>
/// <typeparam name="TResult">The app's result type.</typeparam>
public sealed class AppCodec<TValues, TResult>
{
    private readonly WireWrite<TValues>? _writeValues;
    private readonly WireRead<TValues>? _readValues;
    private readonly WireWrite<TResult>? _writeResult;
    private readonly WireRead<TResult>? _readResult;

    /// <summary>A codec from generated writers and readers.</summary>
    public AppCodec(WireWrite<TValues> writeValues, WireRead<TValues> readValues, WireWrite<TResult> writeResult, WireRead<TResult> readResult)
    {
        _writeValues = writeValues ?? throw new ArgumentNullException(nameof(writeValues));
        _readValues = readValues ?? throw new ArgumentNullException(nameof(readValues));
        _writeResult = writeResult ?? throw new ArgumentNullException(nameof(writeResult));
        _readResult = readResult ?? throw new ArgumentNullException(nameof(readResult));
    }

    private AppCodec(string reason) => UnavailableReason = reason;

    /// <summary>The codec of an app that cannot leave its process, with the reason (which parameter, which type, why).</summary>
    public static AppCodec<TValues, TResult> Unavailable(string reason) => new(reason);

    /// <summary>Why the app cannot run in another process, or null when it can.</summary>
    public string? UnavailableReason { get; }

    internal void WriteValues(WireWriter writer, TValues values) => Available(_writeValues)(writer, values);

    internal TValues ReadValues(ref WireReader reader) => Available(_readValues)(ref reader);

    internal void WriteResult(WireWriter writer, TResult result) => Available(_writeResult)(writer, result);

    internal TResult ReadResult(ref WireReader reader) => Available(_readResult)(ref reader);

    private T Available<T>(T? part) where T : class => part ?? throw new InvalidOperationException(UnavailableReason);
}
