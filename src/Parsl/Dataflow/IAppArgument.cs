using System.ComponentModel;

namespace Parsl;

/// <summary>
/// An app input that may carry futures: <see cref="Future{T}"/>, <see cref="FutureList{T}"/>, or a pack of them
/// (<see cref="Arguments{T1}"/>…). The task asks it once, when submitted, which futures it must wait for.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IAppArgument
{
    /// <summary>Reports every future in the argument to <paramref name="visitor"/> as input <paramref name="parameterIndex"/>.</summary>
    void VisitDependencies(IDependencyVisitor visitor, int parameterIndex);
}
