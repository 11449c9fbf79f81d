using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;
using static Parsl.Generators.AppGenerator.Emitter;

namespace Parsl.Generators;

public sealed partial class AppGenerator
{
    /// <summary>
    /// Writes one app inside its type's file: the other half of its partial method, its <c>…Async</c> stub, its
    /// descriptor and, for bash apps, the method that builds its command line.
    /// </summary>
    /// <remarks>
    /// The stub is one call to <c>AppTasks</c> with the app's inputs packed (<c>Arguments.Of</c>) and a static lambda that
    /// calls the app's method, so the runtime's generic task classes serve every app and no class is generated per app.
    /// </remarks>
    private sealed class AppEmitter(SourceWriter writer, AppSpec spec, int keySet)
    {
        /// <summary>Inputs past this many go into a nested pack in the last slot.</summary>
        private const int MaxPack = 8;

        // The parameters the stub takes (all but a CancellationToken), in their order in the argument pack.
        private readonly List<ParameterSpec> _inputs = spec.Parameters.Where(p => p.AcceptsFutures).ToList();

        public void Emit()
        {
            EmitUserMethodPart();
            writer.WriteLine();
            EmitStub();
            writer.WriteLine();
            EmitDescriptor();
            if (spec.Bash is not null)
                EmitBashInvocation();
        }

        /// <summary>The other half of the user's partial method: its declaration when they wrote the body, its body when a template is the body.</summary>
        private void EmitUserMethodPart()
        {
            var signature = $"{spec.Accessibility} static partial {spec.DeclaredReturnType} {spec.MethodName}({string.Join(", ", spec.Parameters.Select(p => (p.IsParams ? "params " : "") + p.Type + " " + Identifier(p.Name)))})";
            if (spec.UserWroteBody)
            {
                writer.WriteLine(signature + ";");
                return;
            }
            // Template-form bash app: calling the method runs the command synchronously.
            writer.WriteLine(signature);
            writer.Indent();
            writer.WriteLine($"=> global::Parsl.BashRunner.Run({DescriptorField(spec)}, {BashInvocationMethod}({string.Join(", ", _inputs.Select(p => Identifier(p.Name)))}));");
            writer.Unindent();
        }

        private void EmitStub()
        {
            writer.WriteLine($"/// <summary>Runs <see cref=\"{spec.MethodName}\"/> as a Parsl task: returns its future at once; each argument may be a value or a future.</summary>");
            writer.WriteLine(GeneratedCode);
            var parameters = _inputs.Select(p => StubParameterType(p) + " " + Identifier(p.Name))
                .Concat(new[]
                {
                    "[global::System.Runtime.CompilerServices.CallerFilePath] string parslCallerFilePath = \"\"",
                    "[global::System.Runtime.CompilerServices.CallerLineNumber] int parslCallerLineNumber = 0",
                });
            writer.WriteLine($"{spec.Accessibility} static global::Parsl.AppFuture<{spec.ResultType}> {spec.MethodName}Async({string.Join(", ", parameters)})");
            writer.Indent();
            var (factory, body) = spec.Body switch
            {
                BodyKind.Value => ("Code", Call()),
                BodyKind.Void => ("Code", $"{{ {Call()}; return global::Parsl.Unit.Value; }}"),
                BodyKind.TaskOfT => ("Async", $"new global::System.Threading.Tasks.ValueTask<{spec.ResultType}>({Call()})"),
                BodyKind.ValueTaskOfT => ("Async", Call()),
                BodyKind.Task or BodyKind.ValueTask => ("Async", $"global::Parsl.AppTasks.AsUnit({Call()})"),
                BodyKind.Join => ("Join", Call()),
                BodyKind.BashTemplate => ("Bash", $"{BashInvocationMethod}({string.Join(", ", _inputs.Select(Resolved))})"),
                _ => ("Bash", $"{BashInvocationMethod}({string.Join(", ", spec.Parameters.Select(Resolved))})"),
            };
            var call = $"=> global::Parsl.AppTasks.{factory}({DescriptorField(spec)}, {Pack(_inputs.Select(p => Identifier(p.Name)).ToList())}, static (a, ct) => {body}, new(parslCallerFilePath, parslCallerLineNumber)";
            if (!spec.Cache)
            {
                writer.WriteLine(call + ");");
                writer.Unindent();
                return;
            }
            writer.WriteLine(call + ", static (key, a) =>");
            writer.OpenBrace();
            var locals = 0;
            foreach (var parameter in spec.Parameters.Where(p => p.Key is not null))
            {
                writer.WriteLine($"key.Parameter({Literal(parameter.Name)});");
                WriteKey(writer, parameter.Key!, Resolved(parameter), keySet, ref locals);
            }
            writer.CloseBrace(");");
            writer.Unindent();
        }

        private string Call() =>
            $"{spec.FullyQualifiedType}.{spec.MethodName}({string.Join(", ", spec.Parameters.Select(Resolved))})";

        /// <summary>The value the app's method gets for <paramref name="parameter"/>, read from the pack <c>a</c> inside the stub's lambda.</summary>
        private string Resolved(ParameterSpec parameter)
        {
            if (parameter.Kind == ParameterKind.CancellationToken)
                return "ct";
            var input = "a" + PackPath(_inputs.IndexOf(parameter), _inputs.Count);
            return parameter.Kind != ParameterKind.Collection ? input + ".Value"
                : parameter.Shape == CollectionShape.List ? input + ".ToList()"
                : input + ".ToArray()";
        }

        /// <summary>Packs inputs into <c>Arguments.Of(…)</c>; past eight, the eighth slot holds a pack of the rest.</summary>
        private static string Pack(List<string> values) => values.Count switch
        {
            0 => "global::Parsl.Arguments.None",
            <= MaxPack => $"global::Parsl.Arguments.Of({string.Join(", ", values)})",
            _ => $"global::Parsl.Arguments.Of({string.Join(", ", values.Take(MaxPack - 1))}, {Pack(values.Skip(MaxPack - 1).ToList())})",
        };

        /// <summary>Where input <paramref name="index"/> sits in the pack <see cref="Pack"/> made of <paramref name="count"/> inputs.</summary>
        private static string PackPath(int index, int count) => count <= MaxPack || index < MaxPack - 1
            ? ".Arg" + (index + 1).ToString(CultureInfo.InvariantCulture)
            : ".Arg8" + PackPath(index - (MaxPack - 1), count - (MaxPack - 1));

        private static string StubParameterType(ParameterSpec parameter) => parameter.Kind == ParameterKind.Collection
            ? $"global::Parsl.FutureList<{parameter.ElementType}>"
            : $"global::Parsl.Future<{parameter.Type}>";

        private void EmitDescriptor()
        {
            var parameters = string.Join(", ", spec.Parameters.Select(p => p.Kind == ParameterKind.CancellationToken
                ? $"new({Literal(p.Name)}, {Literal(Unqualified(p.Type))}, IsCancellationToken: true)"
                : $"new({Literal(p.Name)}, {Literal(Unqualified(p.Type))})"));
            var named = new List<string>();
            if (spec.Executors.Count > 0)
                named.Add($"executors: [{string.Join(", ", spec.Executors.Select(Literal))}]");
            if (spec.Cache)
                named.Add("cache: true");
            if (spec.CacheFailures)
                named.Add("cacheFailures: true");
            if (spec.CodeHash is not null)
                named.Add($"codeHash: {Literal(spec.CodeHash)}");
            if (spec.Retries >= 0)
                named.Add($"retries: {spec.Retries.ToString(CultureInfo.InvariantCulture)}");
            if (spec.WalltimeSeconds > 0)
                named.Add($"walltimeSeconds: {spec.WalltimeSeconds.ToString("R", CultureInfo.InvariantCulture)}");
            if (spec.Bash is { } bash)
            {
                if (bash.CommandTemplate is not null)
                    named.Add($"commandTemplate: {Literal(bash.CommandTemplate)}");
                if (bash.Stdout is not null)
                    named.Add($"stdout: {Literal(bash.Stdout)}");
                if (bash.Stderr is not null)
                    named.Add($"stderr: {Literal(bash.Stderr)}");
                if (bash.Append)
                    named.Add("appendOutput: true");
            }
            named.Add($"sourceFile: {Literal(spec.SourceFileName)}");
            named.Add($"sourceLine: {spec.SourceLine.ToString(CultureInfo.InvariantCulture)}");
            writer.WriteLine($"internal static readonly global::Parsl.AppDescriptor {DescriptorField(spec)} = new({Literal(spec.Id)}, global::Parsl.AppKind.{spec.Kind}, {Literal(Unqualified(spec.ResultType))},");
            writer.Indent();
            writer.WriteLine($"[{parameters}], {string.Join(", ", named)});");
            writer.Unindent();
        }

        /// <summary>The method that turns a bash app's resolved inputs into its command line and output paths.</summary>
        private void EmitBashInvocation()
        {
            var bash = spec.Bash!;
            var parameters = (bash.Command is not null ? _inputs : spec.Parameters.ToList()).Select(p => p.Type + " " + Identifier(p.Name));
            var command = bash.Command is { } template
                ? $"global::Parsl.ShellCommand.Format({Interpolated(template)})"
                : $"{spec.FullyQualifiedType}.{spec.MethodName}({string.Join(", ", spec.Parameters.Select(p => Identifier(p.Name)))})";
            writer.WriteLine();
            writer.WriteLine($"private static global::Parsl.BashInvocation {BashInvocationMethod}({string.Join(", ", parameters)})");
            writer.Indent();
            writer.WriteLine($"=> new({command}, {PathExpression(bash.StdoutSegments)}, {PathExpression(bash.StderrSegments)});");
            writer.Unindent();
        }

        private string BashInvocationMethod => "__ParslBash_" + spec.MethodName;

        private static string PathExpression(ImmutableEquatableArray<TemplateSegment>? segments) =>
            segments is null ? "null"
            : segments.All(s => !s.IsPlaceholder) ? Literal(string.Concat(segments.Select(s => s.Text)))
            : $"string.Create(global::System.Globalization.CultureInfo.InvariantCulture, {Interpolated(segments)})";
    }
}
