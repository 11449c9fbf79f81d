using System.Globalization;
using System.Linq;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;

namespace Parsl.Generators;

public sealed partial class AppGenerator
{
    /// <summary>Writes a workflow's graph as a static property of its type.</summary>
    internal static class WorkflowEmitter
    {
        public static string HintName(WorkflowSpec spec) => spec.Id + ".Workflow.g.cs";

        /// <summary>The registration of the workflow's graph: a lambda, so the graph (and its type) is made only when a run asks.</summary>
        public static string RegistrationStatement(WorkflowSpec spec) =>
            $"global::Parsl.WorkflowRegistry.Register(static () => global::{ContainingTypeSpec.QualifiedNameOf(spec.Namespace, spec.ContainingTypes)}.{spec.PropertyName});";

        public static string Emit(WorkflowSpec spec)
        {
            var writer = new SourceWriter();
            writer.OpenFile(spec.Namespace, spec.ContainingTypes);

            writer.WriteLine($"/// <summary>The dataflow graph of <see cref=\"{spec.MethodName}\"/>, read from its source at compile time.</summary>");
            writer.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"Parsl.Generators\", \"1.0\")]");
            writer.WriteLine($"public static global::Parsl.WorkflowGraph {spec.PropertyName} {{ get; }} = new(");
            writer.Indent();
            writer.WriteLine(Emitter.Literal(spec.Id) + ",");
            writer.WriteLine("[");
            writer.Indent();
            for (var i = 0; i < spec.Nodes.Count; i++)
            {
                var node = spec.Nodes[i];
                var fanOut = string.Join(", ", node.FanOut.Select(Emitter.Literal));
                var staged = node.StagedUrl is null ? "" : $" {{ StagedUrl = {Emitter.Literal(node.StagedUrl)} }}";
                writer.WriteLine($"new(\"n{Number(i)}\", {Emitter.Literal(node.AppId)}, [{fanOut}], Dynamic: {(node.Dynamic ? "true" : "false")}, Line: {Number(node.Line)}){staged},");
            }
            writer.Unindent();
            writer.WriteLine("],");
            writer.WriteLine("[");
            writer.Indent();
            foreach (var edge in spec.Edges)
                writer.WriteLine(edge.File is null
                    ? $"new(\"n{Number(edge.From)}\", \"n{Number(edge.To)}\", {Emitter.Literal(edge.Parameter)}),"
                    : $"new(\"n{Number(edge.From)}\", \"n{Number(edge.To)}\", {Emitter.Literal(edge.Parameter)}, File: {Emitter.Literal(edge.File)}),");
            writer.Unindent();
            writer.WriteLine("]);");
            writer.Unindent();
            writer.CloseFile();
            return writer.ToString();
        }

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    }
}
