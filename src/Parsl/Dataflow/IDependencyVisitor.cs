using System.ComponentModel;

namespace Parsl;

/// <summary>Walks the futures a task's arguments carry; generated tasks call it once per argument.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IDependencyVisitor
{
    /// <summary>Visits one input; <paramref name="future"/> is null for a plain value.</summary>
    void Visit(AppFuture? future, int parameterIndex);
}
