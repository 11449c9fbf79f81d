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
    /// definition and, for bash apps, the method that builds its command line.
    /// </summary>
    /// <remarks>
    /// The definition is one static object per app (a runtime <c>…AppDefinition</c> built from the app's metadata and
    /// static lambdas that resolve its packed arguments into a tuple, call its method and write its memo key), so the
    /// runtime's generic classes serve every app and no class is generated per app. The stub is one call to it.
    /// </remarks>
    private sealed class AppEmitter(SourceWriter writer, AppSpec spec, int keySet, WireEmitter wire)
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
            EmitDefinition();
            if (spec.Bash is not null)
                EmitBashInvocation();
        }

        /// <summary>The other half of the user's partial method: its declaration when they wrote the body, its body when a template is the body.</summary>
        private void EmitUserMethodPart()
        {
            // C# reads default values from the declaring half only: when the user wrote the body, the generator writes the
            // declaration and carries their defaults over (PARSLSPR001 silences CS1066 on theirs).
            var parameters = spec.Parameters.Select(p => (p.IsParams ? "params " : "") + p.Type + " " + Identifier(p.Name)
                + (spec.UserWroteBody && p.DefaultValue is { } value ? " = " + value : ""));
            var signature = $"{spec.Accessibility} static partial {spec.DeclaredReturnType} {spec.MethodName}({string.Join(", ", parameters)})";
            if (spec.UserWroteBody)
            {
                writer.WriteLine(signature + ";");
                return;
            }
            // Template-form bash app: calling the method runs the command synchronously.
            writer.WriteLine(signature);
            writer.Indent();
            writer.WriteLine($"=> global::Parsl.BashRunner.Run({DefinitionField(spec)}.Descriptor, {BashInvocationMethod}({string.Join(", ", _inputs.Select(p => Identifier(p.Name)))}));");
            writer.Unindent();
        }

        private void EmitStub()
        {
            writer.WriteLine($"/// <summary>Runs <see cref=\"{spec.MethodName}\"/> as a Parsl task: returns its future at once; each argument may be a value or a future.</summary>");
            writer.WriteLine(GeneratedCode);
            var parameters = _inputs.Select(StubParameter)
                .Concat(new[]
                {
                    $"global::Parsl.AppCallOptions? {OptionsParameter} = null",
                    "[global::System.Runtime.CompilerServices.CallerFilePath] string parslCallerFilePath = \"\"",
                    "[global::System.Runtime.CompilerServices.CallerLineNumber] int parslCallerLineNumber = 0",
                });
            writer.WriteLine($"{spec.Accessibility} static global::Parsl.AppFuture<{spec.ResultType}> {spec.MethodName}Async({string.Join(", ", parameters)})");
            writer.Indent();
            writer.WriteLine($"=> {DefinitionField(spec)}.Submit({Pack(_inputs.Select(PackedArgument).ToList())}, new(parslCallerFilePath, parslCallerLineNumber), {OptionsParameter});");
            writer.Unindent();
            if (_inputs.Count > 0 && _inputs[_inputs.Count - 1].IsParams)
                EmitParamsStub();
        }

        /// <summary>
        /// The stubs for a <c>params</c> app called with its last arguments one by one. Caller information cannot follow a
        /// <c>params</c> parameter, so the plain form records no call site; the form that takes the call's options first
        /// records where those were made, and a collection passed as one argument (the main stub) records the call.
        /// </summary>
        private void EmitParamsStub()
        {
            var last = _inputs[_inputs.Count - 1];
            var leading = _inputs.Take(_inputs.Count - 1).Select(StubParameter).ToList();
            var values = $"params global::Parsl.Future<{last.ElementType}>[] {Identifier(last.Name)}";
            var arguments = string.Join(", ", _inputs.Select(p => Identifier(p.Name)));
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Runs <see cref=\"{spec.MethodName}\"/> as a Parsl task with its <c>params</c> values (or futures) given one by one. This form records no call site: pass them as one collection, or options first, to have it recorded.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} static global::Parsl.AppFuture<{spec.ResultType}> {spec.MethodName}Async({string.Join(", ", leading.Concat(new[] { values }))})");
            writer.Indent();
            writer.WriteLine($"=> {spec.MethodName}Async({arguments}, null, \"\", 0);");
            writer.Unindent();
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Runs <see cref=\"{spec.MethodName}\"/> as a Parsl task with the call's options and its <c>params</c> values (or futures) given one by one; the call site is where the options were made.</summary>");
            writer.WriteLine(GeneratedCode);
            writer.WriteLine($"{spec.Accessibility} static global::Parsl.AppFuture<{spec.ResultType}> {spec.MethodName}Async({string.Join(", ", new[] { $"global::Parsl.AppCallOptions {OptionsParameter}" }.Concat(leading).Concat(new[] { values }))})");
            writer.Indent();
            writer.WriteLine($"=> {spec.MethodName}Async({arguments}, {OptionsParameter}, {OptionsParameter}.CallSite.FilePath ?? \"\", {OptionsParameter}.CallSite.Line);");
            writer.Unindent();
        }

        /// <summary>The stub's per-call options parameter: <c>options</c>, unless the app has a parameter of that name.</summary>
        private string OptionsParameter => _inputs.Any(p => p.Name == "options") ? "callOptions" : "options";

        /// <summary>A stub parameter: a value or a future; optional (null: the method's default) when the method's is.</summary>
        private static string StubParameter(ParameterSpec parameter) =>
            parameter.DefaultValue is not null ? $"{StubParameterType(parameter)}? {Identifier(parameter.Name)} = null"
            : parameter.IsParams ? $"{StubParameterType(parameter)} {Identifier(parameter.Name)} = default"
            : $"{StubParameterType(parameter)} {Identifier(parameter.Name)}";

        /// <summary>What the stub packs for a parameter: the argument, or the method's default when it was left out.</summary>
        private static string PackedArgument(ParameterSpec parameter) => parameter.DefaultValue switch
        {
            null => Identifier(parameter.Name),
            "default" => $"{Identifier(parameter.Name)} ?? default({StubParameterType(parameter)})",
            var value => $"{Identifier(parameter.Name)} ?? new {StubParameterType(parameter)}({value})",
        };

        /// <summary>The app's definition: metadata, then the lambdas that resolve, invoke and key it.</summary>
        private void EmitDefinition()
        {
            var (definition, invoke) = spec.Body switch
            {
                BodyKind.Value => ("Code", Call()),
                BodyKind.Void => ("Code", $"{{ {Call()}; return global::Parsl.Unit.Value; }}"),
                BodyKind.TaskOfT => ("Async", $"new global::System.Threading.Tasks.ValueTask<{spec.ResultType}>({Call()})"),
                BodyKind.ValueTaskOfT => ("Async", Call()),
                BodyKind.Task or BodyKind.ValueTask => ("Async", $"global::Parsl.Unit.After({Call()})"),
                BodyKind.Join => ("Join", Call()),
                BodyKind.JoinArray => ("Join", $"global::Parsl.JoinResults.Array({Call()})"),
                BodyKind.JoinList => ("Join", $"global::Parsl.JoinResults.List({Call()})"),
                BodyKind.JoinReadOnlyList => ("Join", $"global::Parsl.JoinResults.ReadOnlyList({Call()})"),
                BodyKind.BashTemplate => ("Bash", $"{BashInvocationMethod}({string.Join(", ", _inputs.Select(Resolved))})"),
                _ => ("Bash", $"{BashInvocationMethod}({string.Join(", ", spec.Parameters.Select(Resolved))})"),
            };
            var typeArguments = definition == "Bash" ? $"{PackType()}, {ValuesType()}" : $"{PackType()}, {ValuesType()}, {spec.ResultType}";
            writer.WriteLine($"private static readonly global::Parsl.{definition}AppDefinition<{typeArguments}> {DefinitionField(spec)} = new(");
            writer.Indent();
            writer.WriteLine(Options() + ",");
            writer.WriteLine($"static a => {ResolveExpression()},");
            var codec = spec.WireObjects is not null && spec.ResultWire is not null;
            if (!spec.Cache)
            {
                writer.WriteLine($"static (v, ct) => {invoke}{(codec ? "," : ");")}");
            }
            else
            {
                writer.WriteLine($"static (v, ct) => {invoke},");
                writer.WriteLine("static (key, v) =>");
                writer.OpenBrace();
                var locals = 0;
                foreach (var parameter in spec.Parameters.Where(p => p.Key is not null))
                {
                    writer.WriteLine($"key.Parameter({Literal(parameter.Name)});");
                    WriteKey(writer, parameter.Key!, Resolved(parameter), keySet, ref locals);
                }
                writer.CloseBrace(codec ? "," : ");");
            }
            if (codec)
                EmitCodec(spec.WireObjects!, spec.ResultWire!);
            writer.Unindent();
        }

        /// <summary>The app's wire codec: writes and reads its resolved arguments and its result, or says why it cannot travel.</summary>
        private void EmitCodec(ImmutableEquatableArray<ObjectWirePlan> objects, WirePlan result)
        {
            var codecType = $"global::Parsl.AppCodec<{ValuesType()}, {(spec.Bash is not null ? "global::Parsl.BashResult" : spec.ResultType)}>";
            var blocked = _inputs.Select(p => (Part: $"parameter '{p.Name}'", Blocked: p.Wire!.FirstUnsupported(objects)))
                .Append((Part: "result", Blocked: result.FirstUnsupported(objects)))
                .FirstOrDefault(p => p.Blocked is not null);
            if (blocked.Blocked is { } plan)
            {
                writer.WriteLine($"codec: {codecType}.Unavailable({Literal($"app {spec.Id} cannot run in a worker process: its {blocked.Part} has type {plan.Type}, which {plan.Reason}")}));");
                return;
            }
            // Apps of scalars only (most of them) share a runtime codec: one short line instead of four lambdas.
            if (_inputs.Count <= 4 && _inputs.All(p => p.Wire!.Kind == WirePlanKind.Scalar) && result.Kind == WirePlanKind.Scalar)
            {
                var types = _inputs.Select(p => p.Type).Append(spec.Bash is not null ? "global::Parsl.BashResult" : spec.ResultType);
                writer.WriteLine($"codec: global::Parsl.ScalarCodecs.For<{string.Join(", ", types)}>());");
                return;
            }
            writer.WriteLine("codec: new(");
            writer.Indent();
            if (_inputs.Count == 0)
            {
                writer.WriteLine("static (w, v) => { },");
            }
            else
            {
                writer.WriteLine("static (w, v) =>");
                writer.OpenBrace();
                foreach (var parameter in _inputs)
                    writer.WriteLine(wire.Write(parameter.Wire!, objects, Resolved(parameter)));
                writer.CloseBrace(",");
            }
            var reads = _inputs.Select(p => wire.Read(p.Wire!, objects)).ToList();
            writer.WriteLine("static (ref global::Parsl.WireReader r) => " + reads.Count switch
            {
                0 => "default,",
                1 => $"new({reads[0]}),",
                _ => $"({string.Join(", ", reads)}),",
            });
            writer.WriteLine($"static (w, v) => {wire.Write(result, objects, "v").TrimEnd(';')},");
            writer.WriteLine($"static (ref global::Parsl.WireReader r) => {wire.Read(result, objects)}));");
            writer.Unindent();
        }

        private string Call() =>
            $"{spec.FullyQualifiedType}.{spec.MethodName}({string.Join(", ", spec.Parameters.Select(Resolved))})";

        /// <summary>The value the app's method gets for <paramref name="parameter"/>, read from the resolved tuple <c>v</c>.</summary>
        private string Resolved(ParameterSpec parameter) => parameter.Kind == ParameterKind.CancellationToken
            ? "ct"
            : "v.Item" + (_inputs.IndexOf(parameter) + 1).ToString(CultureInfo.InvariantCulture);

        /// <summary>Reads every input out of the pack <c>a</c> into the resolved tuple.</summary>
        private string ResolveExpression()
        {
            var values = _inputs.Select((p, i) =>
            {
                var input = "a" + PackPath(i, _inputs.Count);
                var value = p.Kind != ParameterKind.Collection ? input + ".Value"
                    : p.Shape == CollectionShape.List ? input + ".ToList()"
                    : input + ".ToArray()";
                // A collection left out keeps the method's default, null; a params collection left out is empty.
                return p.Kind == ParameterKind.Collection && p.DefaultValue is not null ? $"{input}.IsDefault ? null : {value}" : value;
            }).ToList();
            return values.Count switch
            {
                0 => "default",
                1 => $"new({values[0]})",
                _ => $"({string.Join(", ", values)})",
            };
        }

        /// <summary>The resolved tuple's type: the method's input parameter types, in order.</summary>
        private string ValuesType() => _inputs.Count switch
        {
            0 => "global::System.ValueTuple",
            1 => $"global::System.ValueTuple<{_inputs[0].Type}>",
            _ => $"({string.Join(", ", _inputs.Select(p => p.Type))})",
        };

        /// <summary>The type <see cref="Pack"/> builds.</summary>
        private string PackType() => PackType(_inputs.Select(StubParameterType).ToList());

        private static string PackType(List<string> types) => types.Count switch
        {
            0 => "global::Parsl.NoArguments",
            <= MaxPack => $"global::Parsl.Arguments<{string.Join(", ", types)}>",
            _ => $"global::Parsl.Arguments<{string.Join(", ", types.Take(MaxPack - 1))}, {PackType(types.Skip(MaxPack - 1).ToList())}>",
        };

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

        /// <summary>The app's metadata as an <c>AppDescriptorOptions</c> initializer; only what differs from the defaults.</summary>
        private string Options()
        {
            var parameters = string.Join(", ", spec.Parameters.Select(p => p.Kind == ParameterKind.CancellationToken
                ? $"new({Literal(p.Name)}, {Literal(Unqualified(p.Type))}, IsCancellationToken: true)"
                : p.IsOutputFile ? $"new({Literal(p.Name)}, {Literal(Unqualified(p.Type))}) {{ IsOutputFile = true }}"
                : $"new({Literal(p.Name)}, {Literal(Unqualified(p.Type))})"));
            var named = new List<string>
            {
                $"Id = {Literal(spec.Id)}",
                $"ReturnTypeName = {Literal(Unqualified(spec.ResultType))}",
                $"DeclaringAssembly = typeof(global::{ContainingTypeSpec.QualifiedNameOf(spec.Namespace, spec.ContainingTypes)}).Assembly",
            };
            if (spec.Parameters.Count > 0)
                named.Add($"Parameters = [{parameters}]");
            if (spec.Executors.Count > 0)
                named.Add($"Executors = [{string.Join(", ", spec.Executors.Select(Literal))}]");
            if (spec.Cache)
                named.Add("Cache = true");
            if (spec.CacheFailures)
                named.Add("CacheFailures = true");
            if (spec.CodeHash is not null)
                named.Add($"CodeHash = {Literal(spec.CodeHash)}");
            if (spec.Retries >= 0)
                named.Add($"Retries = {spec.Retries.ToString(CultureInfo.InvariantCulture)}");
            if (spec.WalltimeSeconds > 0)
                named.Add($"WalltimeSeconds = {spec.WalltimeSeconds.ToString("R", CultureInfo.InvariantCulture)}");
            if (spec.Mpi is { } mpi)
            {
                var figures = new[] { ("Nodes", mpi.Nodes), ("RanksPerNode", mpi.RanksPerNode), ("Ranks", mpi.Ranks), ("CoresPerRank", mpi.CoresPerRank), ("GpusPerRank", mpi.GpusPerRank) }
                    .Where(figure => figure.Item2 != 0).Select(figure => $"{figure.Item1} = {figure.Item2.ToString(CultureInfo.InvariantCulture)}");
                named.Add($"Resources = new global::Parsl.ResourceSpecification {{ {string.Join(", ", figures)} }}");
            }
            if (spec.Container is { } container)
            {
                var runtime = container.Runtime == 0 ? "" : $" {{ Runtime = (global::Parsl.ContainerRuntime){container.Runtime.ToString(CultureInfo.InvariantCulture)} }}";
                named.Add($"Container = new global::Parsl.ContainerImage({Literal(container.Image)}){runtime}");
            }
            if (spec.Bash is { } bash)
            {
                if (bash.CommandTemplate is not null)
                    named.Add($"CommandTemplate = {Literal(bash.CommandTemplate)}");
                if (bash.Stdout is not null)
                    named.Add($"Stdout = {Literal(bash.Stdout)}");
                if (bash.Stderr is not null)
                    named.Add($"Stderr = {Literal(bash.Stderr)}");
                if (bash.Append)
                    named.Add("AppendOutput = true");
            }
            named.Add($"SourceFile = {Literal(spec.SourceFileName)}");
            named.Add($"SourceLine = {spec.SourceLine.ToString(CultureInfo.InvariantCulture)}");
            return $"new() {{ {string.Join(", ", named)} }}";
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
