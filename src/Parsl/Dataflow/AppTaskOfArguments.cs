namespace Parsl.Dataflow;

/// <summary>
/// The task of one call of an app: the packed arguments until they resolve, then the resolved values, which every try,
/// the memo key and (later) the wire encoding read. The definition says how to resolve, invoke and key them.
/// </summary>
/// <typeparam name="TArguments">The pack of the stub's arguments.</typeparam>
/// <typeparam name="TValues">The resolved arguments.</typeparam>
/// <typeparam name="TResult">The app's result type.</typeparam>
internal sealed class AppTask<TArguments, TValues, TResult>(AppDefinition<TArguments, TValues, TResult> definition, TArguments arguments)
    : AppTask<TResult>(definition.Descriptor)
    where TArguments : IAppArgument
{
    // Not readonly: a readonly field of a generic struct type would be copied on every interface call.
    private TArguments _arguments = arguments;
    private TValues _values = default!;

    /// <summary>The resolved arguments; valid once the task has been launched.</summary>
    internal TValues Values => _values;

    private protected override void VisitDependencies(IDependencyVisitor visitor) => _arguments.VisitDependencies(visitor, 0);

    private protected override void ResolveArguments()
    {
        _values = definition.Resolve(_arguments);
        _arguments = default!; // the upstream futures are no longer needed: let a long chain's finished links be collected
        Volatile.Write(ref _resolved, true);
    }

    private protected override bool TryReplaceArguments(object arguments)
    {
        if (arguments is not TValues values)
            return false;
        _values = values;
        return true;
    }

    internal override object? RecordedValues => Volatile.Read(ref _resolved) ? _values : null;

    internal override IReadOnlyList<TaskArgument> RecordedArguments()
    {
        // Every resolved tuple is a ValueTuple, which exposes its elements without reflection.
        if (RecordedValues is not System.Runtime.CompilerServices.ITuple tuple)
            return [];
        var inputs = App.Inputs;
        var arguments = new TaskArgument[Math.Min(tuple.Length, inputs.Count)];
        for (var i = 0; i < arguments.Length; i++)
            arguments[i] = new TaskArgument(inputs[i].Name, tuple[i]);
        return arguments;
    }

    private protected override void WriteCacheKey(CacheKeyBuilder key) => definition.WriteKey(key, _values);

    public override string? TransportProblem => definition.TransportProblem;

    public override void WriteArguments(WireWriter writer) => definition.WriteValues(writer, _values);

    public override void ReportEncodedResult(int number, ReadOnlySpan<byte> result)
    {
        TResult value;
        try
        {
            value = definition.ReadResult(result);
        }
        catch (WireFormatException exception)
        {
            ReportTryFailure(number, exception);
            return;
        }
        OnTrySucceeded(number, value);
    }

    private protected override void RunTryBody(int number, CancellationToken cancellationToken) => definition.RunTry(this, number, cancellationToken);
}
