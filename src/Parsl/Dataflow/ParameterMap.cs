namespace Parsl.Dataflow;

/// <summary>Which parameter each future of a task's arguments was passed to, found in one walk of the arguments.</summary>
internal sealed class ParameterMap : IDependencyVisitor
{
    private readonly Dictionary<Dependency, int> _indexes = new(ReferenceEqualityComparer.Instance);

    public static Func<Dependency, int?> Of(Action<IDependencyVisitor> walk)
    {
        var map = new ParameterMap();
        walk(map);
        return dependency => map._indexes.TryGetValue(dependency, out var index) ? index : null;
    }

    public void Visit(Dependency? dependency, int parameterIndex)
    {
        if (dependency is not null)
            _indexes.TryAdd(dependency, parameterIndex);
    }
}
