namespace Parsl;

/// <summary>One resolved argument of a task, as its record shows it.</summary>
/// <param name="Name">The parameter's name.</param>
/// <param name="Value">The value the app received (boxed).</param>
public readonly record struct TaskArgument(string Name, object? Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}: {TaskRecord.Show(Value)}";
}
