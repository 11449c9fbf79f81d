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
        private const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";
        private const string CancellationTokenType = "global::System.Threading.CancellationToken";

        public static string HintName(AppSpec spec) => (spec.Namespace is null ? "" : spec.Namespace + ".") + spec.TypePath + "." + spec.MethodName + ".g.cs";

        public static string DescriptorReference(AppSpec spec) => spec.FullyQualifiedType + "." + DescriptorField(spec);

        private static string DescriptorField(AppSpec spec) => "__ParslApp_" + spec.MethodName;

        private static string TaskClass(AppSpec spec) => "__ParslTask_" + spec.MethodName;

        public static string EmitApp(AppSpec spec)
        {
            var writer = new SourceWriter();
            writer.OpenFile(spec.Namespace, spec.ContainingTypes);
            EmitUserMethodPart(writer, spec);
            writer.WriteLine();
            EmitStub(writer, spec);
            writer.WriteLine();
            EmitDescriptor(writer, spec);
            writer.WriteLine();
            EmitTaskClass(writer, spec);
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
            writer.WriteLine(GeneratedCode);
            writer.WriteLine(signature);
            writer.Indent();
            var arguments = string.Join(", ", spec.Parameters.Where(p => p.Kind != ParameterKind.CancellationToken).Select(p => Identifier(p.Name)));
            writer.WriteLine($"=> global::Parsl.BashRunner.Run({DescriptorField(spec)}, 0, {TaskClass(spec)}.Command({arguments}), {TaskClass(spec)}.StdoutPath({arguments}), {TaskClass(spec)}.StderrPath({arguments}));");
            writer.Unindent();
        }

        private static void EmitStub(SourceWriter writer, AppSpec spec)
        {
            var inputs = spec.Parameters.Where(p => p.AcceptsFutures).ToList();
            writer.WriteLine("/// <summary>");
            writer.WriteLine($"/// Calls <see cref=\"{spec.MethodName}\"/> as a Parsl task: returns its future at once and runs it on an executor");
            writer.WriteLine("/// when every future among the arguments has completed. Each argument may be a value or a future.");
            writer.WriteLine("/// </summary>");
            writer.WriteLine(GeneratedCode);
            var parameters = inputs.Select(p => StubParameterType(p) + " " + Identifier(p.Name))
                .Concat(new[]
                {
                    "[global::System.Runtime.CompilerServices.CallerFilePath] string parslCallerFilePath = \"\"",
                    "[global::System.Runtime.CompilerServices.CallerLineNumber] int parslCallerLineNumber = 0",
                });
            writer.WriteLine($"{spec.Accessibility} static global::Parsl.AppFuture<{spec.ResultType}> {spec.MethodName}Async({string.Join(", ", parameters)})");
            writer.Indent();
            writer.WriteLine($"=> global::Parsl.DataFlowKernel.Submit(new {TaskClass(spec)}({string.Join(", ", inputs.Select(p => Identifier(p.Name)))}), new global::Parsl.CallSite(parslCallerFilePath, parslCallerLineNumber));");
            writer.Unindent();
        }

        private static string StubParameterType(ParameterSpec parameter) => parameter.Kind == ParameterKind.Collection
            ? $"global::Parsl.FutureList<{parameter.ElementType}>"
            : $"global::Parsl.Future<{parameter.Type}>";

        private static void EmitDescriptor(SourceWriter writer, AppSpec spec)
        {
            writer.WriteLine(Hidden);
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"internal static readonly global::Parsl.AppDescriptor {DescriptorField(spec)} = new(");
            writer.Indent();
            writer.WriteLine($"id: {Literal(spec.Id)},");
            writer.WriteLine($"kind: global::Parsl.AppKind.{spec.Kind},");
            writer.WriteLine($"returnTypeName: {Literal(Unqualified(spec.ResultType))},");
            if (spec.Parameters.Count == 0)
            {
                writer.WriteLine("parameters: [],");
            }
            else
            {
                writer.WriteLine("parameters:");
                writer.WriteLine("[");
                writer.Indent();
                foreach (var parameter in spec.Parameters)
                {
                    var cancellation = parameter.Kind == ParameterKind.CancellationToken ? ", IsCancellationToken: true" : "";
                    writer.WriteLine($"new({Literal(parameter.Name)}, {Literal(Unqualified(parameter.Type))}, AcceptsFutures: {Bool(parameter.AcceptsFutures)}{cancellation}),");
                }
                writer.Unindent();
                writer.WriteLine("],");
            }
            writer.WriteLine($"executors: [{string.Join(", ", spec.Executors.Select(Literal))}],");
            writer.WriteLine($"cache: {Bool(spec.Cache)},");
            if (spec.CacheFailures)
                writer.WriteLine("cacheFailures: true,");
            if (spec.CodeHash is not null)
                writer.WriteLine($"codeHash: {Literal(spec.CodeHash)},");
            if (spec.Retries >= 0)
                writer.WriteLine($"retries: {spec.Retries.ToString(CultureInfo.InvariantCulture)},");
            if (spec.WalltimeSeconds > 0)
                writer.WriteLine($"walltimeSeconds: {spec.WalltimeSeconds.ToString("R", CultureInfo.InvariantCulture)},");
            if (spec.Bash is { } bash)
            {
                if (bash.CommandTemplate is not null)
                    writer.WriteLine($"commandTemplate: {Literal(bash.CommandTemplate)},");
                if (bash.Stdout is not null)
                    writer.WriteLine($"stdout: {Literal(bash.Stdout)},");
                if (bash.Stderr is not null)
                    writer.WriteLine($"stderr: {Literal(bash.Stderr)},");
                if (bash.Append)
                    writer.WriteLine("appendOutput: true,");
            }
            writer.WriteLine($"sourceFile: {Literal(spec.SourceFileName)},");
            writer.WriteLine($"sourceLine: {spec.SourceLine.ToString(CultureInfo.InvariantCulture)});");
            writer.Unindent();
        }

        private static void EmitTaskClass(SourceWriter writer, AppSpec spec)
        {
            var inputs = spec.Parameters.Where(p => p.AcceptsFutures).ToList();
            var baseClass = spec.Body switch
            {
                BodyKind.Value or BodyKind.Void or BodyKind.BashTemplate or BodyKind.BashCommand => "global::Parsl.CodeAppTask",
                BodyKind.Join => "global::Parsl.JoinAppTask",
                _ => "global::Parsl.AsyncAppTask",
            };
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"private sealed class {TaskClass(spec)} : {baseClass}<{spec.ResultType}>");
            writer.OpenBrace();
            foreach (var input in inputs)
                writer.WriteLine($"private readonly {StubParameterType(input)} {Field(input)};");
            if (inputs.Count > 0)
                writer.WriteLine();

            writer.WriteLine($"public {TaskClass(spec)}({string.Join(", ", inputs.Select(p => StubParameterType(p) + " " + Identifier(p.Name)))})");
            writer.Indent();
            writer.WriteLine($": base({DescriptorField(spec)})");
            writer.Unindent();
            writer.OpenBrace();
            foreach (var input in inputs)
                writer.WriteLine($"{Field(input)} = {Identifier(input.Name)};");
            writer.CloseBrace();
            writer.WriteLine();

            writer.WriteLine("protected override void VisitDependencies(global::Parsl.IDependencyVisitor visitor)");
            writer.OpenBrace();
            for (var i = 0; i < spec.Parameters.Count; i++)
            {
                var parameter = spec.Parameters[i];
                var index = i.ToString(CultureInfo.InvariantCulture);
                if (parameter.Kind == ParameterKind.Collection)
                    writer.WriteLine($"{Field(parameter)}.VisitDependencies(visitor, {index});");
                else if (parameter.Kind == ParameterKind.Value)
                    writer.WriteLine($"visitor.Visit({Field(parameter)}.Source, {index});");
            }
            writer.CloseBrace();
            writer.WriteLine();
            EmitExecute(writer, spec);
            if (spec.Cache)
                EmitCacheKey(writer, spec);
            if (spec.Body is BodyKind.BashTemplate or BodyKind.BashCommand)
                EmitBashHelpers(writer, spec);
            writer.CloseBrace();
        }

        private static void EmitExecute(SourceWriter writer, AppSpec spec)
        {
            var call = $"{spec.FullyQualifiedType}.{spec.MethodName}({string.Join(", ", spec.Parameters.Select(Resolved))})";
            const string token = CancellationTokenType + " cancellationToken";
            var result = spec.ResultType;
            switch (spec.Body)
            {
                case BodyKind.Value:
                    writer.WriteLine($"protected override {result} Execute({token})");
                    writer.Indent();
                    writer.WriteLine("=> " + call + ";");
                    writer.Unindent();
                    break;
                case BodyKind.Void:
                    writer.WriteLine($"protected override {result} Execute({token})");
                    writer.OpenBrace();
                    writer.WriteLine(call + ";");
                    writer.WriteLine("return default;");
                    writer.CloseBrace();
                    break;
                case BodyKind.TaskOfT:
                    writer.WriteLine($"protected override global::System.Threading.Tasks.ValueTask<{result}> ExecuteAsync({token})");
                    writer.Indent();
                    writer.WriteLine($"=> new({call});");
                    writer.Unindent();
                    break;
                case BodyKind.ValueTaskOfT:
                    writer.WriteLine($"protected override global::System.Threading.Tasks.ValueTask<{result}> ExecuteAsync({token})");
                    writer.Indent();
                    writer.WriteLine($"=> {call};");
                    writer.Unindent();
                    break;
                case BodyKind.Task:
                case BodyKind.ValueTask:
                    writer.WriteLine($"protected override async global::System.Threading.Tasks.ValueTask<{result}> ExecuteAsync({token})");
                    writer.OpenBrace();
                    writer.WriteLine($"await {call}.ConfigureAwait(false);");
                    writer.WriteLine("return default;");
                    writer.CloseBrace();
                    break;
                case BodyKind.Join:
                    writer.WriteLine($"protected override global::Parsl.AppFuture<{result}> ExecuteJoin({token})");
                    writer.Indent();
                    writer.WriteLine($"=> {call};");
                    writer.Unindent();
                    break;
                case BodyKind.BashTemplate:
                case BodyKind.BashCommand:
                    var values = string.Join(", ", spec.Parameters.Where(p => p.AcceptsFutures).Select(Resolved));
                    var command = spec.Body == BodyKind.BashTemplate ? $"Command({values})" : call;
                    writer.WriteLine($"protected override {result} Execute({token})");
                    writer.Indent();
                    writer.WriteLine($"=> global::Parsl.BashRunner.Run(App, TaskId, {command}, StdoutPath({values}), StderrPath({values}), cancellationToken);");
                    writer.Unindent();
                    break;
            }
        }

        private static void EmitCacheKey(SourceWriter writer, AppSpec spec)
        {
            writer.WriteLine();
            writer.WriteLine("protected override void WriteCacheKey(global::Parsl.CacheKeyBuilder key)");
            writer.OpenBrace();
            var locals = 0;
            foreach (var parameter in spec.Parameters.Where(p => p.Key is not null))
            {
                writer.WriteLine($"key.Parameter({Literal(parameter.Name)});");
                WriteKey(writer, parameter.Key!, Resolved(parameter), ref locals);
            }
            writer.CloseBrace();
            for (var i = 0; i < spec.KeyObjects.Count; i++)
            {
                var plan = spec.KeyObjects[i];
                writer.WriteLine();
                writer.WriteLine($"private static void WriteKey{i.ToString(CultureInfo.InvariantCulture)}(global::Parsl.CacheKeyBuilder key, {plan.FullyQualifiedName}{(plan.IsReference ? "?" : "")} value)");
                writer.OpenBrace();
                if (plan.IsReference)
                {
                    writer.WriteLine("if (!key.AddPresence(value))");
                    writer.Indent();
                    writer.WriteLine("return;");
                    writer.Unindent();
                }
                writer.WriteLine("key.Enter();");
                locals = 0;
                foreach (var member in plan.Members)
                    WriteKey(writer, member.Plan, "value." + Identifier(member.Name), ref locals);
                writer.WriteLine("key.Exit();");
                writer.CloseBrace();
            }
        }

        /// <summary>Writes the statements that add <paramref name="value"/> to the key according to its plan.</summary>
        private static void WriteKey(SourceWriter writer, KeyPlan plan, string value, ref int locals)
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
                    WriteKey(writer, plan.Element!, $"n{n}.GetValueOrDefault()", ref locals);
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
                    WriteKey(writer, plan.Element!, $"e{n}", ref locals);
                    writer.CloseBrace();
                    writer.WriteLine($"key.AddCount(count{n});");
                    writer.CloseBrace();
                    break;
                case KeyPlanKind.Object:
                    writer.WriteLine($"WriteKey{plan.ObjectIndex.ToString(CultureInfo.InvariantCulture)}(key, {value});");
                    break;
                default:
                    writer.WriteLine($"key.AddUnsupported({Literal(plan.TypeName)}, {Literal(plan.Reason!)});");
                    break;
            }
        }

        private static void EmitBashHelpers(SourceWriter writer, AppSpec spec)
        {
            var bash = spec.Bash!;
            var parameters = string.Join(", ", spec.Parameters.Where(p => p.AcceptsFutures).Select(p => p.Type + " " + Identifier(p.Name)));
            if (bash.Command is { } command)
            {
                writer.WriteLine();
                writer.WriteLine($"internal static string Command({parameters})");
                writer.Indent();
                writer.WriteLine($"=> global::Parsl.ShellCommand.Format({Interpolated(command)});");
                writer.Unindent();
            }
            EmitPathHelper(writer, "StdoutPath", parameters, bash.StdoutSegments);
            EmitPathHelper(writer, "StderrPath", parameters, bash.StderrSegments);
        }

        private static void EmitPathHelper(SourceWriter writer, string name, string parameters, ImmutableEquatableArray<TemplateSegment>? segments)
        {
            writer.WriteLine();
            writer.WriteLine($"internal static string? {name}({parameters})");
            writer.Indent();
            if (segments is null)
                writer.WriteLine("=> null;");
            else if (segments.All(s => !s.IsPlaceholder))
                writer.WriteLine($"=> {Literal(string.Concat(segments.Select(s => s.Text)))};");
            else
                writer.WriteLine($"=> string.Create(global::System.Globalization.CultureInfo.InvariantCulture, {Interpolated(segments)});");
            writer.Unindent();
        }

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

        private static string Resolved(ParameterSpec parameter) => parameter.Kind switch
        {
            ParameterKind.CancellationToken => "cancellationToken",
            ParameterKind.Collection when parameter.Shape == CollectionShape.List => Field(parameter) + ".ToList()",
            ParameterKind.Collection => Field(parameter) + ".ToArray()",
            _ => Field(parameter) + ".Value",
        };

        private static string Field(ParameterSpec parameter) => "_" + parameter.Name;

        private static string Identifier(string name) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? "@" + name : name;

        private static string Unqualified(string type) => type.Replace("global::", "");

        private static string Bool(bool value) => value ? "true" : "false";

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
