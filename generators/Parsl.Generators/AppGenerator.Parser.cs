using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;

namespace Parsl.Generators;

public sealed partial class AppGenerator
{
    /// <summary>Turns an attributed method into an <see cref="AppSpec"/> (or diagnostics). No symbol escapes this class.</summary>
    internal static class Parser
    {
        private static readonly string[] s_appAttributes = { AppAttributeName, BashAppAttributeName, JoinAppAttributeName };

        public static AppParseResult Parse(GeneratorAttributeSyntaxContext context, AppKindSpec kind, CancellationToken cancellationToken)
        {
            var method = (IMethodSymbol)context.TargetSymbol;
            var syntax = (MethodDeclarationSyntax)context.TargetNode;
            var attribute = context.Attributes[0];
            var diagnostics = new List<DiagnosticInfo>();
            // Locations are computed only when a diagnostic needs one: this transform reruns for every app on every edit.
            var nameLocationLazy = new System.Lazy<LocationInfo?>(() => LocationInfo.From(syntax.Identifier.GetLocation()));
            var appName = method.ContainingType.Name + "." + method.Name;

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotPartial, nameLocationLazy.Value, appName));
            if (!method.IsStatic)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MethodNotStatic, nameLocationLazy.Value, appName));
            if (method.IsGenericMethod)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericApp, nameLocationLazy.Value, appName));

            var containingTypes = ParseContainingTypes(method, appName, nameLocationLazy, diagnostics);
            if (IsDuplicateApp(method, syntax))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverloadedApp, nameLocationLazy.Value, method.ContainingType.Name, method.Name));

            var cache = GetNamedBool(attribute, "Cache");
            var shapes = TypeModel.KnownTypeSymbols.For(context.SemanticModel.Compilation).Shapes;
            var keyPlanner = cache ? new CacheKeyPlanner(shapes) : null;
            // Join apps never leave the workflow's process (the futures they return live there), so they get no codec.
            var wirePlanner = kind == AppKindSpec.Join ? null : new WirePlanner(context.SemanticModel.Compilation, shapes);
            var parameters = ParseParameters(method, appName, kind == AppKindSpec.Join, keyPlanner, wirePlanner, diagnostics);
            var hasBody = syntax.Body is not null || syntax.ExpressionBody is not null;
            var (body, resultType) = ParseReturn(method, kind, hasBody, attribute, appName,
                new System.Lazy<LocationInfo?>(() => LocationInfo.From(syntax.ReturnType.GetLocation())), diagnostics);

            cancellationToken.ThrowIfCancellationRequested();
            BashSpec? bash = kind == AppKindSpec.Bash ? ParseBash(attribute, parameters, appName, diagnostics) : null;

            if (diagnostics.Count > 0)
                return new AppParseResult(null, diagnostics.ToImmutableEquatableArray(), Unimplemented(method, syntax, appName, diagnostics));

            var lineSpan = syntax.Identifier.GetLocation().GetLineSpan();
            var spec = new AppSpec(
                method.ContainingNamespace.IsGlobalNamespace ? null : SymbolText.Display(method.ContainingNamespace),
                containingTypes,
                method.Name,
                Accessibility(method.DeclaredAccessibility),
                kind,
                body,
                SymbolText.Code(method.ReturnType),
                resultType,
                hasBody,
                parameters,
                cache,
                cache && GetNamedBool(attribute, "CacheFailures"),
                cache ? CodeHash(syntax) : null,
                keyPlanner?.Objects ?? ImmutableEquatableArray<ObjectKeyPlan>.Empty,
                attribute.NamedArguments.FirstOrDefault(a => a.Key == "Retries").Value.Value is int retries ? retries : -1,
                attribute.NamedArguments.FirstOrDefault(a => a.Key == "WalltimeSeconds").Value.Value is double walltime ? walltime : 0,
                GetNamedStrings(attribute, "Executors"),
                bash,
                Path.GetFileName(lineSpan.Path),
                lineSpan.StartLinePosition.Line + 1,
                wirePlanner is null ? null : wirePlanner.Plan(ResultSymbol(method, body, context.SemanticModel.Compilation)),
                wirePlanner?.Objects)
            {
                Mpi = MpiSpec.From(GetNamedInt(attribute, "Nodes"), GetNamedInt(attribute, "RanksPerNode"), GetNamedInt(attribute, "Ranks"),
                    GetNamedInt(attribute, "CoresPerRank"), GetNamedInt(attribute, "GpusPerRank")),
                Container = ContainerSpec.From(GetNamedString(attribute, "Image"), GetNamedInt(attribute, "ContainerRuntime")),
            };
            return new AppParseResult(spec, TransportWarning(spec, method, syntax));
        }

        /// <summary>What to write for a rejected app's missing implementation part; null when C# needs none, or when one
        /// could not be written (a generic method or type, a type that is not partial).</summary>
        private static UnimplementedAppSpec? Unimplemented(IMethodSymbol method, MethodDeclarationSyntax syntax, string appName, List<DiagnosticInfo> diagnostics)
        {
            if (!method.IsPartialDefinition || method.PartialImplementationPart is not null || method.IsGenericMethod)
                return null;
            var types = new List<ContainingTypeSpec>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!IsDeclaredPartial(type) || type.IsGenericType)
                    return null;
                types.Insert(0, new ContainingTypeSpec(KeywordOf(type), type.Name));
            }
            // The implementing half repeats the declaration's modifiers and types exactly; defaults stay on the declaration.
            var parameters = method.Parameters.Select(p =>
                (p.Ordinal == 0 && method.IsExtensionMethod ? "this " : "")
                + p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", RefKind.RefReadOnlyParameter => "ref readonly ", _ => "" }
                + (p.IsParams ? "params " : "") + SymbolText.Code(p.Type) + " " + Emitter.Identifier(p.Name));
            var modifiers = string.Join(" ", syntax.Modifiers.Select(m => m.Text));
            var signature = $"{modifiers} {SymbolText.Code(method.ReturnType)} {Emitter.Identifier(method.Name)}({string.Join(", ", parameters)})";
            var ids = string.Join(", ", diagnostics.Select(d => d.Descriptor.Id).Distinct());
            return new UnimplementedAppSpec(
                method.ContainingNamespace.IsGlobalNamespace ? null : SymbolText.Display(method.ContainingNamespace),
                types.ToImmutableEquatableArray(), signature, appName, ids, syntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
        }

        private static ImmutableEquatableArray<ContainingTypeSpec> ParseContainingTypes(IMethodSymbol method, string appName, System.Lazy<LocationInfo?> locationLazy, List<DiagnosticInfo> diagnostics)
        {
            var types = new List<ContainingTypeSpec>();
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!IsDeclaredPartial(type))
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, locationLazy.Value, type.Name, appName));
                if (type.IsGenericType)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericApp, locationLazy.Value, appName));
                if (type.DeclaredAccessibility is Microsoft.CodeAnalysis.Accessibility.Private or Microsoft.CodeAnalysis.Accessibility.Protected
                    or Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InaccessibleType, locationLazy.Value, appName, type.Name));
                types.Insert(0, new ContainingTypeSpec(KeywordOf(type), type.Name));
            }
            return types.ToImmutableEquatableArray();
        }

        /// <summary>The stable id of an app method: Namespace.Type.Method.</summary>
        public static string AppId(IMethodSymbol method) =>
            method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", "") + "." + method.Name;

        /// <summary>Whether some declaration of the type says <c>partial</c>, so generated code may add to it.</summary>
        public static bool IsDeclaredPartial(INamedTypeSymbol type) =>
            type.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().Any(d => d.Modifiers.Any(SyntaxKind.PartialKeyword));

        public static string KeywordOf(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
        {
            (true, TypeKind.Struct) => "record struct",
            (true, _) => "record",
            (false, TypeKind.Struct) => "struct",
            (false, TypeKind.Interface) => "interface",
            _ => "class",
        };

        // Overloads would share an id; the first declaration keeps it and the others are reported.
        private static bool IsDuplicateApp(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            var earlier = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
                .Where(other => !SymbolEqualityComparer.Default.Equals(other, method)
                    && !SymbolEqualityComparer.Default.Equals(other, method.PartialDefinitionPart)
                    && !SymbolEqualityComparer.Default.Equals(other, method.PartialImplementationPart)
                    && other.GetAttributes().Any(a => s_appAttributes.Contains(a.AttributeClass?.ToDisplayString())))
                .SelectMany(other => other.DeclaringSyntaxReferences)
                .Any(reference => reference.SyntaxTree.FilePath.CompareTo(syntax.SyntaxTree.FilePath) < 0
                    || (reference.SyntaxTree == syntax.SyntaxTree && reference.Span.Start < syntax.SpanStart));
            return earlier;
        }

        /// <summary>
        /// A hash of the app's declaration, attributes and body, token by token (so whitespace and comments do not count):
        /// part of every memo key, so editing a cached app invalidates its results.
        /// </summary>
        // Per declaration, weakly: a tree the edit left alone keeps its nodes, so their hashes are not computed again.
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<MethodDeclarationSyntax, string> s_codeHashes = new();

        private static string CodeHash(MethodDeclarationSyntax syntax) =>
            s_codeHashes.GetValue(syntax, static declaration => HashTokens(declaration));

        private static string HashTokens(MethodDeclarationSyntax syntax)
        {
            var hash = 14695981039346656037UL; // FNV-1a, 64-bit
            foreach (var token in syntax.DescendantTokens())
            {
                foreach (var c in token.Text)
                    hash = unchecked((hash ^ c) * 1099511628211UL);
                hash = unchecked((hash ^ ' ') * 1099511628211UL);
            }
            return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The type a worker sends back: the method's result, unwrapped from its task; <c>Unit</c> for none.</summary>
        private static ITypeSymbol ResultSymbol(IMethodSymbol method, BodyKind body, Compilation compilation) => body switch
        {
            BodyKind.Value => method.ReturnType,
            BodyKind.TaskOfT or BodyKind.ValueTaskOfT => ((INamedTypeSymbol)method.ReturnType).TypeArguments[0],
            BodyKind.BashTemplate or BodyKind.BashCommand => compilation.GetTypeByMetadataName("Parsl.BashResult")!,
            _ => compilation.GetTypeByMetadataName("Parsl.Unit")!,
        };

        /// <summary>
        /// PARSL014 when an app that may run on any executor has a type that cannot reach a worker process. An app pinned to
        /// executors is not warned about: which labels name worker executors is known only at run time, where submitting it
        /// to one fails with the same reason.
        /// </summary>
        /// <summary>No serializer carries a stream or a delegate: for those the fix is where the app runs, or what it is given.</summary>
        private static string TransportFix(WirePlan blocked) => blocked.IsLive
            ? "pin the app to a thread executor with Executors (e.g. [App(Executors = [\"local\"])]), or pass what the object stands for (a path, the bytes, the value) instead"
            : "make the type plain data (public members and a constructor taking them), list it in a JsonSerializerContext with [JsonSerializable(typeof(...))], or pin the app to a thread executor with Executors";

        private static ImmutableEquatableArray<DiagnosticInfo> TransportWarning(AppSpec spec, IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            if (spec.WireObjects is not { } objects || spec.Executors.Count > 0)
                return ImmutableEquatableArray<DiagnosticInfo>.Empty;
            foreach (var parameter in spec.Parameters)
                if (parameter.Wire?.FirstUnsupported(objects) is { } blocked)
                    return new[]
                    {
                        DiagnosticInfo.Create(DiagnosticDescriptors.UntransportableApp,
                            LocationInfo.From(method.Parameters.First(p => p.Name == parameter.Name).Locations.FirstOrDefault()),
                            spec.MethodName, $"parameter '{parameter.Name}'", blocked.Type, blocked.Reason!, TransportFix(blocked)),
                    }.ToImmutableEquatableArray();
            if (spec.ResultWire?.FirstUnsupported(objects) is { } result)
                return new[]
                {
                    DiagnosticInfo.Create(DiagnosticDescriptors.UntransportableApp, LocationInfo.From(syntax.ReturnType.GetLocation()),
                        spec.MethodName, "result", result.Type, result.Reason!, TransportFix(result)),
                }.ToImmutableEquatableArray();
            return ImmutableEquatableArray<DiagnosticInfo>.Empty;
        }

        /// <summary>The result type of a future type (AppFuture&lt;T&gt;, Future&lt;T&gt;, Task&lt;T&gt;, ValueTask&lt;T&gt;); null for any other type.</summary>
        private static string? FutureResultOf(ITypeSymbol type) =>
            type is INamedTypeSymbol { IsGenericType: true } named
            && SymbolText.Display(named.ConstructedFrom) is "Parsl.AppFuture<T>" or "Parsl.Future<T>" or "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.ValueTask<TResult>"
                ? named.TypeArguments[0].ToDisplayString()
                : null;

        private static ImmutableEquatableArray<ParameterSpec> ParseParameters(IMethodSymbol method, string appName, bool join, CacheKeyPlanner? keyPlanner,
            WirePlanner? wirePlanner, List<DiagnosticInfo> diagnostics)
        {
            var parameters = new List<ParameterSpec>();
            foreach (var parameter in method.Parameters)
            {
                var problem = parameter.RefKind switch
                {
                    RefKind.Ref => "passed by 'ref'",
                    RefKind.Out => "an 'out' parameter",
                    RefKind.In or RefKind.RefReadOnlyParameter => "passed by reference ('in'/'ref readonly')",
                    _ => parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "a pointer"
                        : parameter.Type.IsRefLikeType ? $"a ref struct ('{parameter.Type.ToDisplayString()}')"
                        : null,
                };
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, LocationInfo.From(parameter.Locations.FirstOrDefault()), parameter.Name, appName, problem,
                        "arguments are captured when the app is called and used later, maybe elsewhere; pass it by value"));
                    continue;
                }
                if (FutureResultOf(parameter.Type) is { } awaited)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, LocationInfo.From(parameter.Locations.FirstOrDefault()), parameter.Name, appName,
                        $"a future ('{parameter.Type.ToDisplayString()}')",
                        $"take '{awaited}' instead: every parameter of the app's stub accepts a value, an app's future or a Task, and the app runs once it is done"));
                    continue;
                }
                var type = SymbolText.Code(parameter.Type);
                if (IsCancellationToken(parameter.Type))
                {
                    parameters.Add(new ParameterSpec(parameter.Name, type, ParameterKind.CancellationToken, null, CollectionShape.None, false));
                    continue;
                }
                var isOutput = HasAttribute(parameter, OutputAttributeName);
                if (isOutput && (join || SymbolText.Display(parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)) != "Parsl.DataFile"))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedParameter, LocationInfo.From(parameter.Locations.FirstOrDefault()), parameter.Name, appName,
                        join ? "an [Output] of a join app" : $"an [Output] of type '{parameter.Type.ToDisplayString()}'",
                        join ? "a join app writes no file itself; mark the output on the app that writes it"
                            : "an output names one file the app writes, so it is a DataFile; make it one, or drop [Output]"));
                    continue;
                }
                var (shape, element) = CollectionOf(parameter.Type);
                var key = keyPlanner is not null && !HasAttribute(parameter, IgnoreForCacheAttributeName)
                    ? isOutput ? new KeyPlan(KeyPlanKind.OutputFile, "Parsl.DataFile", null, -1, null) : keyPlanner.Plan(parameter.Type)
                    : null;
                var wire = wirePlanner?.Plan(parameter.Type);
                parameters.Add(shape == CollectionShape.None
                    ? new ParameterSpec(parameter.Name, type, ParameterKind.Value, null, CollectionShape.None, parameter.IsParams, key, DefaultValueOf(parameter), wire, isOutput)
                    : new ParameterSpec(parameter.Name, type, ParameterKind.Collection, SymbolText.Code(element!), shape, parameter.IsParams, key, DefaultValueOf(parameter), wire));
            }
            return parameters.ToImmutableEquatableArray();
        }

        /// <summary>The C# expression of a parameter's default value, typed as the parameter; null when it has none.</summary>
        private static string? DefaultValueOf(IParameterSymbol parameter)
        {
            if (!parameter.HasExplicitDefaultValue)
                return null;
            var value = parameter.ExplicitDefaultValue;
            if (value is null)
                return "default"; // null, or default(struct)
            var literal = value switch
            {
                double d when double.IsNaN(d) => "double.NaN",
                double d when double.IsInfinity(d) => d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity",
                float f when float.IsNaN(f) => "float.NaN",
                float f when float.IsInfinity(f) => f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity",
                _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false) + value switch
                {
                    float => "F",
                    double => "D",
                    decimal => "M",
                    long => "L",
                    ulong => "UL",
                    uint => "U",
                    _ => "",
                },
            };
            return "(" + SymbolText.Code(parameter.Type) + ")(" + literal + ")";
        }

        /// <summary>Whether <paramref name="parameter"/> carries the attribute named <paramref name="metadataName"/> (e.g. <c>[Output]</c>).</summary>
        public static bool HasAttribute(IParameterSymbol parameter, string metadataName) =>
            parameter.GetAttributes().Any(a => a.AttributeClass is { } attributeClass && SymbolText.Display(attributeClass) == metadataName);

        public static bool IsCancellationToken(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };

        private static (CollectionShape Shape, ITypeSymbol? Element) CollectionOf(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol { Rank: 1 } array)
                return (CollectionShape.Array, array.ElementType);
            if (type is not INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
                return (CollectionShape.None, null);
            var shape = SymbolText.Display(named.ConstructedFrom) switch
            {
                "System.Collections.Generic.List<T>" => CollectionShape.List,
                "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IReadOnlyList<T>"
                    or "System.Collections.Generic.IReadOnlyCollection<T>" or "System.Collections.Generic.IList<T>"
                    or "System.Collections.Generic.ICollection<T>" => CollectionShape.ArrayInterface,
                _ => CollectionShape.None,
            };
            return shape == CollectionShape.None ? (shape, null) : (shape, named.TypeArguments[0]);
        }

        private static (BodyKind Body, string ResultType) ParseReturn(IMethodSymbol method, AppKindSpec kind, bool hasBody, AttributeData attribute,
            string appName, System.Lazy<LocationInfo?> locationLazy, List<DiagnosticInfo> diagnostics)
        {
            var returnType = method.ReturnType;
            string display() => returnType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            var original = returnType is INamedTypeSymbol named ? SymbolText.Display(named.ConstructedFrom) : null;
            switch (kind)
            {
                case AppKindSpec.Bash:
                    var isTemplate = attribute.ConstructorArguments.Length > 0;
                    if (isTemplate && hasBody)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBashAppShape, locationLazy.Value, appName,
                            "has both a command template and a body; remove the body (the generator runs the template) or the template (the body returns the command line)"));
                    else if (isTemplate && SymbolText.Display(returnType) != "Parsl.BashResult")
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBashAppShape, locationLazy.Value, appName,
                            $"has a command template, so it must return 'Parsl.BashResult', not '{display()}'"));
                    else if (!isTemplate && !hasBody)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBashAppShape, locationLazy.Value, appName,
                            "has neither a command template nor a body; write [BashApp(\"command {parameter}\")] or a body that returns the command line"));
                    else if (!isTemplate && returnType.SpecialType != SpecialType.System_String)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBashAppShape, locationLazy.Value, appName,
                            $"has a body, which must return the command line as 'string', not '{display()}'"));
                    return (isTemplate ? BodyKind.BashTemplate : BodyKind.BashCommand, "global::Parsl.BashResult");

                case AppKindSpec.Join:
                    if (hasBody && original == "Parsl.AppFuture<T>")
                        return (BodyKind.Join, TypeArgument(returnType));
                    if (hasBody && JoinCollectionOf(returnType) is { } collection)
                        return collection;
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidJoinAppShape, locationLazy.Value, appName, display()));
                    return (BodyKind.Join, "");

                default:
                    if (!hasBody)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCodeAppShape, locationLazy.Value, appName,
                            "has no body; write the method's body and the generator adds the stub that runs it as a task"));
                        return (BodyKind.Value, "");
                    }
                    if (method.ReturnsByRef || method.ReturnsByRefReadonly || returnType.IsRefLikeType || returnType.TypeKind == TypeKind.Pointer)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCodeAppShape, locationLazy.Value, appName,
                            $"returns '{display()}', which cannot outlive the call; return a value"));
                        return (BodyKind.Value, "");
                    }
                    if (original == "Parsl.AppFuture<T>")
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidCodeAppShape, locationLazy.Value, appName,
                            "returns a future; mark it [JoinApp] so it completes when that future does"));
                        return (BodyKind.Value, "");
                    }
                    if (returnType.SpecialType == SpecialType.System_Void)
                        return (BodyKind.Void, "global::Parsl.Unit");
                    return original switch
                    {
                        "System.Threading.Tasks.Task<TResult>" => (BodyKind.TaskOfT, TypeArgument(returnType)),
                        "System.Threading.Tasks.ValueTask<TResult>" => (BodyKind.ValueTaskOfT, TypeArgument(returnType)),
                        _ => SymbolText.Display(returnType) switch
                        {
                            "System.Threading.Tasks.Task" => (BodyKind.Task, "global::Parsl.Unit"),
                            "System.Threading.Tasks.ValueTask" => (BodyKind.ValueTask, "global::Parsl.Unit"),
                            _ => (BodyKind.Value, SymbolText.Code(returnType)),
                        },
                    };
            }
        }

        private static string TypeArgument(ITypeSymbol type) => SymbolText.Code(((INamedTypeSymbol)type).TypeArguments[0]);

        /// <summary>A join app's collection of futures, and the collection of results its own future holds; null for other types.</summary>
        private static (BodyKind Body, string ResultType)? JoinCollectionOf(ITypeSymbol type)
        {
            static string? ResultOf(ITypeSymbol element) =>
                element is INamedTypeSymbol { IsGenericType: true } future && SymbolText.Display(future.ConstructedFrom) == "Parsl.AppFuture<T>"
                    ? SymbolText.Code(future.TypeArguments[0])
                    : null;
            if (type is IArrayTypeSymbol { Rank: 1 } array)
                return ResultOf(array.ElementType) is { } arrayResult ? (BodyKind.JoinArray, arrayResult + "[]") : null;
            if (type is not INamedTypeSymbol { IsGenericType: true } named || ResultOf(named.TypeArguments[0]) is not { } result)
                return null;
            return SymbolText.Display(named.ConstructedFrom) switch
            {
                "System.Collections.Generic.List<T>" => (BodyKind.JoinList, $"global::System.Collections.Generic.List<{result}>"),
                "System.Collections.Generic.IReadOnlyList<T>" or "System.Collections.Generic.IEnumerable<T>" or "System.Collections.Generic.IReadOnlyCollection<T>"
                    or "System.Collections.Generic.IList<T>" or "System.Collections.Generic.ICollection<T>"
                    => (BodyKind.JoinReadOnlyList, $"global::System.Collections.Generic.IReadOnlyList<{result}>"),
                _ => null,
            };
        }

        private static BashSpec ParseBash(AttributeData attribute, ImmutableEquatableArray<ParameterSpec> parameters, string appName, List<DiagnosticInfo> diagnostics)
        {
            var template = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
            var command = template is null ? null
                : ParseTemplate(template, "command template", FindArgument(syntax, null), parameters, appName, diagnostics);
            var stdout = GetNamedString(attribute, "Stdout");
            var stderr = GetNamedString(attribute, "Stderr");
            return new BashSpec(
                template,
                command,
                stdout,
                stdout is null ? null : ParseTemplate(stdout, "Stdout path", FindArgument(syntax, "Stdout"), parameters, appName, diagnostics),
                stderr,
                stderr is null ? null : ParseTemplate(stderr, "Stderr path", FindArgument(syntax, "Stderr"), parameters, appName, diagnostics),
                GetNamedBool(attribute, "Append"));
        }

        private static ImmutableEquatableArray<TemplateSegment>? ParseTemplate(string template, string what, ExpressionSyntax? literal,
            ImmutableEquatableArray<ParameterSpec> parameters, string appName, List<DiagnosticInfo> diagnostics)
        {
            if (!BashTemplateParser.TryParse(template, out var segments, out var error, out var errorOffset))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedTemplate, LocationIn(literal, errorOffset, 1), what, appName, error!));
                return null;
            }
            var names = parameters.Where(p => p.Kind != ParameterKind.CancellationToken).Select(p => p.Name).ToList();
            foreach (var placeholder in segments.Where(s => s.IsPlaceholder && !names.Contains(s.Text)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPlaceholder, LocationIn(literal, placeholder.Offset, placeholder.Length),
                    placeholder.Text, what, appName, names.Count == 0 ? "(the app has no parameters)" : string.Join(", ", names.Select(n => "{" + n + "}"))));
            }
            return segments.ToImmutableEquatableArray();
        }

        private static ExpressionSyntax? FindArgument(AttributeSyntax? attribute, string? name) =>
            attribute?.ArgumentList?.Arguments
                .FirstOrDefault(a => name is null ? a.NameEquals is null : a.NameEquals?.Name.Identifier.ValueText == name)
                ?.Expression;

        /// <summary>The location of a span inside a string literal; the whole expression when it has escapes or is not a plain literal.</summary>
        private static LocationInfo? LocationIn(ExpressionSyntax? expression, int offset, int length)
        {
            if (expression is null)
                return null;
            if (expression is LiteralExpressionSyntax literal && literal.Token.IsKind(SyntaxKind.StringLiteralToken))
            {
                var text = literal.Token.Text;
                var isPlain = text.Length >= 2 && text[0] == '"' && text.IndexOf('\\') < 0;
                var isVerbatim = text.StartsWith("@\"") && text.IndexOf("\"\"", 2) < 0;
                if (isPlain || isVerbatim)
                    return LocationInfo.From(expression.SyntaxTree, new TextSpan(literal.Token.SpanStart + (isVerbatim ? 2 : 1) + offset, length));
            }
            return LocationInfo.From(expression.GetLocation());
        }

        private static int GetNamedInt(AttributeData attribute, string name) =>
            attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is int value ? value : 0;

        private static bool GetNamedBool(AttributeData attribute, string name) =>
            attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value is true;

        private static string? GetNamedString(AttributeData attribute, string name) =>
            attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as string;

        private static ImmutableEquatableArray<string> GetNamedStrings(AttributeData attribute, string name)
        {
            var argument = attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value;
            return argument.Kind == TypedConstantKind.Array && !argument.IsNull
                ? argument.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToImmutableEquatableArray()
                : ImmutableEquatableArray<string>.Empty;
        }

        private static string Accessibility(Microsoft.CodeAnalysis.Accessibility accessibility) => accessibility switch
        {
            Microsoft.CodeAnalysis.Accessibility.Public => "public",
            Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
            Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
            Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
            Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
            _ => "private",
        };
    }
}
