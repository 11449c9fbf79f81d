using System.ComponentModel;

namespace Parsl;

/// <summary>Walks the futures a task's arguments carry; argument packs call it once per future.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IDependencyVisitor
{
    /// <summary>Visits one input; <paramref name="dependency"/> is null for a plain value.</summary>
    void Visit(Dependency? dependency, int parameterIndex);
}
