namespace Parsl;

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
    }

    private protected override void WriteCacheKey(CacheKeyBuilder key) => definition.WriteKey(key, _values);

    private protected override void RunTryBody(int number, CancellationToken cancellationToken) => definition.RunTry(this, number, cancellationToken);
}
