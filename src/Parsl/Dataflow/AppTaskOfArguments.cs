using System.ComponentModel;

namespace Parsl;

/// <summary>
/// A task that holds its app's inputs as one argument pack, so the kinds of app (code, async, join, bash) need one
/// generic class each instead of a generated class per app.
/// </summary>
/// <typeparam name="TArguments">The pack of the app's inputs.</typeparam>
/// <typeparam name="TResult">The app's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class AppTask<TArguments, TResult> : AppTask<TResult>
    where TArguments : IAppArgument
{
    // Not readonly: a readonly field of a generic struct type would be copied on every interface call.
    private TArguments _arguments;
    private readonly Action<CacheKeyBuilder, TArguments>? _writeCacheKey;

    private protected AppTask(AppDescriptor app, TArguments arguments, Action<CacheKeyBuilder, TArguments>? writeCacheKey)
        : base(app)
    {
        _arguments = arguments;
        _writeCacheKey = writeCacheKey;
    }

    /// <summary>The inputs; their futures are complete once the task runs.</summary>
    private protected ref TArguments Inputs => ref _arguments;

    private protected sealed override void VisitDependencies(IDependencyVisitor visitor) => _arguments.VisitDependencies(visitor, 0);

    private protected sealed override void WriteCacheKey(CacheKeyBuilder key) => _writeCacheKey?.Invoke(key, _arguments);
}
