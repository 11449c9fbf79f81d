using System.Globalization;
using System.Linq;
using System.Text;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;

namespace Parsl.Generators;

public sealed partial class AppGenerator
{
    /// <summary>Writes the source for an <see cref="AppSpec"/>. Depends on nothing but the spec.</summary>
    internal static class Emitter
    {
        private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Parsl.Generators\", \"1.0\")]";

        public static string HintName(AppSpec spec) => (spec.Namespace is null ? "" : spec.Namespace + ".") + spec.TypePath + "." + spec.MethodName + ".g.cs";

        public static string DescriptorReference(AppSpec spec) => spec.FullyQualifiedType + "." + DescriptorField(spec);

        private static string DescriptorField(AppSpec spec) => "__ParslApp_" + spec.MethodName;

        public static string EmitApp(AppSpec spec)
        {
            var writer = new SourceWriter();
            writer.OpenFile(spec.Namespace, spec.ContainingTypes);
            EmitUserMethodPart(writer, spec);
            writer.WriteLine();
            EmitStub(writer, spec);
            writer.WriteLine();
            EmitDescriptor(writer, spec);
            if (spec.Bash is not null)
                EmitBashInvocation(writer, spec);
            if (spec.Cache)
                EmitObjectKeyWriters(writer, spec);
            writer.CloseFile();
            return writer.ToString();
        }

        /// <summary>The other half of the user's partial method: its declaration when they wrote the body, its body when a template is the body.</summary>
        private static void EmitUserMethodPart(SourceWriter writer, AppSpec spec)
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
            writer.WriteLine($"=> global::Parsl.BashRunner.Run({DescriptorField(spec)}, {BashInvocationMethod(spec)}({string.Join(", ", Inputs(spec).Select(p => Identifier(p.Name)))}));");
            writer.Unindent();
        }

        /// <summary>
        /// The <c>…Async</c> stub: one call that packs the inputs and passes a static lambda calling the app's method, so
        /// no class is generated per app (generated code is parsed in every build: its size is build time).
        /// </summary>
        private static void EmitStub(SourceWriter writer, AppSpec spec)
        {
            var inputs = Inputs(spec);
            writer.WriteLine($"/// <summary>Runs <see cref=\"{spec.MethodName}\"/> as a Parsl task: returns its future at once; each argument may be a value or a future.</summary>");
            writer.WriteLine(GeneratedCode);
            var parameters = inputs.Select(p => StubParameterType(p) + " " + Identifier(p.Name))
                .Concat(new[]
                {
                    "[global::System.Runtime.CompilerServices.CallerFilePath] string parslCallerFilePath = \"\"",
                    "[global::System.Runtime.CompilerServices.CallerLineNumber] int parslCallerLineNumber = 0",
                });
            writer.WriteLine($"{spec.Accessibility} static global::Parsl.AppFuture<{spec.ResultType}> {spec.MethodName}Async({string.Join(", ", parameters)})");
            writer.Indent();
            var (factory, body) = spec.Body switch
            {
                BodyKind.Value => ("Code", Call(spec)),
                BodyKind.Void => ("Code", $"{{ {Call(spec)}; return global::Parsl.Unit.Value; }}"),
                BodyKind.TaskOfT => ("Async", $"new global::System.Threading.Tasks.ValueTask<{spec.ResultType}>({Call(spec)})"),
                BodyKind.ValueTaskOfT => ("Async", Call(spec)),
                BodyKind.Task or BodyKind.ValueTask => ("Async", $"global::Parsl.AppTasks.AsUnit({Call(spec)})"),
                BodyKind.Join => ("Join", Call(spec)),
                BodyKind.BashTemplate => ("Bash", $"{BashInvocationMethod(spec)}({string.Join(", ", inputs.Select(p => Resolved(spec, p)))})"),
                _ => ("Bash", $"{BashInvocationMethod(spec)}({string.Join(", ", spec.Parameters.Select(p => Resolved(spec, p)))})"),
            };
            var call = $"=> global::Parsl.AppTasks.{factory}({DescriptorField(spec)}, {Pack(inputs.Select(p => Identifier(p.Name)).ToList())}, static (a, ct) => {body}, new(parslCallerFilePath, parslCallerLineNumber)";
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
                WriteKey(writer, spec, parameter.Key!, Resolved(spec, parameter), ref locals);
            }
            writer.CloseBrace(");");
            writer.Unindent();
        }

        private static System.Collections.Generic.List<ParameterSpec> Inputs(AppSpec spec) => spec.Parameters.Where(p => p.AcceptsFutures).ToList();

        private static string Call(AppSpec spec) =>
            $"{spec.FullyQualifiedType}.{spec.MethodName}({string.Join(", ", spec.Parameters.Select(p => Resolved(spec, p)))})";

        /// <summary>Packs inputs into <c>Arguments.Of(…)</c>; past eight, the eighth slot holds a pack of the rest.</summary>
        private static string Pack(System.Collections.Generic.List<string> values) => values.Count switch
        {
            0 => "global::Parsl.Arguments.None",
            <= MaxPack => $"global::Parsl.Arguments.Of({string.Join(", ", values)})",
            _ => $"global::Parsl.Arguments.Of({string.Join(", ", values.Take(MaxPack - 1))}, {Pack(values.Skip(MaxPack - 1).ToList())})",
        };

        private const int MaxPack = 8;

        /// <summary>Where input <paramref name="index"/> sits in the pack made by <see cref="Pack"/>.</summary>
        private static string PackPath(int index, int count) => count <= MaxPack || index < MaxPack - 1
            ? ".Arg" + (index + 1).ToString(CultureInfo.InvariantCulture)
            : ".Arg8" + PackPath(index - (MaxPack - 1), count - (MaxPack - 1));

        private static string StubParameterType(ParameterSpec parameter) => parameter.Kind == ParameterKind.Collection
            ? $"global::Parsl.FutureList<{parameter.ElementType}>"
            : $"global::Parsl.Future<{parameter.Type}>";

        private static void EmitDescriptor(SourceWriter writer, AppSpec spec)
        {
            var parameters = string.Join(", ", spec.Parameters.Select(p => p.Kind == ParameterKind.CancellationToken
                ? $"new({Literal(p.Name)}, {Literal(Unqualified(p.Type))}, false, true)"
                : $"new({Literal(p.Name)}, {Literal(Unqualified(p.Type))})"));
            var named = new System.Collections.Generic.List<string>();
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

        private static void EmitObjectKeyWriters(SourceWriter writer, AppSpec spec)
        {
            for (var i = 0; i < spec.KeyObjects.Count; i++)
            {
                var plan = spec.KeyObjects[i];
                writer.WriteLine();
                writer.WriteLine($"private static void {KeyWriterMethod(spec, i)}(global::Parsl.CacheKeyBuilder key, {plan.FullyQualifiedName}{(plan.IsReference ? "?" : "")} value)");
                writer.OpenBrace();
                if (plan.IsReference)
                {
                    writer.WriteLine("if (!key.AddPresence(value))");
                    writer.Indent();
                    writer.WriteLine("return;");
                    writer.Unindent();
                }
                writer.WriteLine("key.Enter();");
                var locals = 0;
                foreach (var member in plan.Members)
                    WriteKey(writer, spec, member.Plan, "value." + Identifier(member.Name), ref locals);
                writer.WriteLine("key.Exit();");
                writer.CloseBrace();
            }
        }

        private static string KeyWriterMethod(AppSpec spec, int index) => $"__ParslKey_{spec.MethodName}_{index.ToString(CultureInfo.InvariantCulture)}";

        /// <summary>Writes the statements that add <paramref name="value"/> to the key according to its plan.</summary>
        private static void WriteKey(SourceWriter writer, AppSpec spec, KeyPlan plan, string value, ref int locals)
        {
            var n = (++locals).ToString(CultureInfo.InvariantCulture);
            switch (plan.Kind)
            {
                case KeyPlanKind.Scalar:
                    writer.WriteLine($"key.Add({value});");
                    break;
                case KeyPlanKind.Enum:
                    writer.WriteLine($"key.Add((long)({value}));");
                    break;
                case KeyPlanKind.Nullable:
                    writer.WriteLine($"var n{n} = {value};");
                    writer.WriteLine($"key.Add(n{n}.HasValue);");
                    writer.WriteLine($"if (n{n}.HasValue)");
                    writer.OpenBrace();
                    WriteKey(writer, spec, plan.Element!, $"n{n}.GetValueOrDefault()", ref locals);
                    writer.CloseBrace();
                    break;
                case KeyPlanKind.Sequence:
                    writer.WriteLine($"var s{n} = {value};");
                    writer.WriteLine($"if (key.AddPresence(s{n}))");
                    writer.OpenBrace();
                    writer.WriteLine($"var count{n} = 0;");
                    writer.WriteLine($"foreach (var e{n} in s{n})");
                    writer.OpenBrace();
                    writer.WriteLine($"count{n}++;");
                    WriteKey(writer, spec, plan.Element!, $"e{n}", ref locals);
                    writer.CloseBrace();
                    writer.WriteLine($"key.AddCount(count{n});");
                    writer.CloseBrace();
                    break;
                case KeyPlanKind.Object:
                    writer.WriteLine($"{KeyWriterMethod(spec, plan.ObjectIndex)}(key, {value});");
                    break;
                default:
                    writer.WriteLine($"key.AddUnsupported({Literal(plan.TypeName)}, {Literal(plan.Reason!)});");
                    break;
            }
        }

        /// <summary>The method that turns a bash app's resolved inputs into its command line and output paths.</summary>
        private static void EmitBashInvocation(SourceWriter writer, AppSpec spec)
        {
            var bash = spec.Bash!;
            var templateForm = bash.Command is not null;
            var parameters = (templateForm ? Inputs(spec) : spec.Parameters.ToList()).Select(p => p.Type + " " + Identifier(p.Name));
            var command = bash.Command is { } template
                ? $"global::Parsl.ShellCommand.Format({Interpolated(template)})"
                : $"{spec.FullyQualifiedType}.{spec.MethodName}({string.Join(", ", spec.Parameters.Select(p => Identifier(p.Name)))})";
            writer.WriteLine();
            writer.WriteLine($"private static global::Parsl.BashInvocation {BashInvocationMethod(spec)}({string.Join(", ", parameters)})");
            writer.Indent();
            writer.WriteLine($"=> new({command}, {PathExpression(bash.StdoutSegments)}, {PathExpression(bash.StderrSegments)});");
            writer.Unindent();
        }

        private static string BashInvocationMethod(AppSpec spec) => "__ParslBash_" + spec.MethodName;

        private static string PathExpression(ImmutableEquatableArray<TemplateSegment>? segments) =>
            segments is null ? "null"
            : segments.All(s => !s.IsPlaceholder) ? Literal(string.Concat(segments.Select(s => s.Text)))
            : $"string.Create(global::System.Globalization.CultureInfo.InvariantCulture, {Interpolated(segments)})";

        public static string EmitRegistry(ImmutableEquatableArray<string> descriptorReferences)
        {
            var writer = new SourceWriter();
            writer.WriteLine("// <auto-generated/>");
            writer.WriteLine("#nullable enable");
            writer.WriteLine("#pragma warning disable CA2255 // registering apps when their assembly loads is the point");
            writer.WriteLine();
            writer.WriteLine("namespace Parsl.Generated");
            writer.OpenBrace();
            writer.WriteLine("/// <summary>Registers this assembly's apps with <see cref=\"global::Parsl.AppRegistry\"/> when it loads.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine("internal static class ParslAppRegistration");
            writer.OpenBrace();
            writer.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializer]");
            writer.WriteLine("internal static void Register()");
            writer.OpenBrace();
            foreach (var reference in descriptorReferences)
                writer.WriteLine($"global::Parsl.AppRegistry.Register({reference});");
            writer.CloseBrace();
            writer.CloseBrace();
            writer.CloseBrace();
            return writer.ToString();
        }

        /// <summary>The value the app's method gets for <paramref name="parameter"/>, read from the pack <c>a</c> inside the stub's lambda.</summary>
        private static string Resolved(AppSpec spec, ParameterSpec parameter)
        {
            if (parameter.Kind == ParameterKind.CancellationToken)
                return "ct";
            var inputs = Inputs(spec);
            var input = "a" + PackPath(inputs.IndexOf(parameter), inputs.Count);
            return parameter.Kind != ParameterKind.Collection ? input + ".Value"
                : parameter.Shape == CollectionShape.List ? input + ".ToList()"
                : input + ".ToArray()";
        }

        private static string Identifier(string name) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

        private static string Unqualified(string type) => type.Replace("global::", "");

        internal static string Literal(string text) => Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(text, quote: true);

        /// <summary>A C# interpolated string whose holes are the template's placeholders.</summary>
        private static string Interpolated(ImmutableEquatableArray<TemplateSegment> segments)
        {
            var builder = new StringBuilder("$\"");
            foreach (var segment in segments)
            {
                if (segment.IsPlaceholder)
                {
                    builder.Append('{').Append(Identifier(segment.Text));
                    if (segment.Format is not null)
                        builder.Append(':').Append(segment.Format);
                    builder.Append('}');
                    continue;
                }
                var escaped = Literal(segment.Text);
                builder.Append(escaped.Substring(1, escaped.Length - 2).Replace("{", "{{").Replace("}", "}}"));
            }
            return builder.Append('"').ToString();
        }
    }
}
