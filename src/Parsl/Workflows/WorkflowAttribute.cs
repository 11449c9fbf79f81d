namespace Parsl;

/// <summary>
/// Marks a method that calls apps as a workflow. The generator reads its body at compile time and emits its dataflow
/// graph (app calls, the futures flowing between them, loops as fan-out, calls that depend on run-time values) as a
/// static <c>{Name}Graph</c> property of the containing type, printable as Mermaid or Graphviz DOT without running
/// any task. The containing type must be <c>partial</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class WorkflowAttribute : Attribute;
