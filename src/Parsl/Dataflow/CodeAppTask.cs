using System.ComponentModel;

namespace Parsl;

/// <summary>Generated base for apps whose body is synchronous C#.</summary>
/// <typeparam name="T">The app's result type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class CodeAppTask<T>(AppDescriptor app) : AppTask<T>(app)
{
    /// <summary>Calls the app's method with the resolved arguments.</summary>
    protected abstract T Execute(CancellationToken cancellationToken);

    private protected sealed override T Invoke(CancellationToken cancellationToken) => Execute(cancellationToken);
}
