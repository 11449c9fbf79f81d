namespace Parsl;

/// <summary>
/// Declares, for the whole assembly, the executor labels its configs define, e.g.
/// <c>[assembly: ExecutorLabels("local", "midway")]</c>. With a declaration present, the PARSL027 analyzer reports an
/// <c>[App(Executors = ...)]</c> label that is not declared, at compile time instead of at the call.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ExecutorLabelsAttribute(params string[] labels) : Attribute
{
    /// <summary>The declared labels.</summary>
    public IReadOnlyList<string> Labels { get; } = labels;
}
