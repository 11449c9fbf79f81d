using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Parsl.Diagnostics;
using Parsl.Generators.Helpers;
using Parsl.Generators.Model;

namespace Parsl.Generators;

/// <summary>
/// Turns <c>[App]</c>, <c>[BashApp]</c> and <c>[JoinApp]</c> methods into typed stubs that return futures, one static
/// definition per app (metadata, argument resolution, invocation, memo key), and a module initializer that registers them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class AppGenerator : IIncrementalGenerator
{
    internal const string AppAttributeName = "Parsl.AppAttribute";
    internal const string BashAppAttributeName = "Parsl.BashAppAttribute";
    internal const string JoinAppAttributeName = "Parsl.JoinAppAttribute";
    internal const string IgnoreForCacheAttributeName = "Parsl.IgnoreForCacheAttribute";
    internal const string OutputAttributeName = "Parsl.OutputAttribute";
    internal const string WorkflowAttributeName = "Parsl.WorkflowAttribute";

    /// <summary>Names of the tracked pipeline steps, pinned by the incremental-cache tests.</summary>
    internal static class Steps
    {
        public const string CodeApps = nameof(CodeApps);
        public const string BashApps = nameof(BashApps);
        public const string JoinApps = nameof(JoinApps);
        public const string Registry = nameof(Registry);
        public const string Apps = nameof(Apps);
        public const string AppGroups = nameof(AppGroups);
        public const string Workflows = nameof(Workflows);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var code = ParseApps(context, AppAttributeName, AppKindSpec.Code, Steps.CodeApps);
        var bash = ParseApps(context, BashAppAttributeName, AppKindSpec.Bash, Steps.BashApps);
        var join = ParseApps(context, JoinAppAttributeName, AppKindSpec.Join, Steps.JoinApps);

        // Diagnostics and source are separate outputs: the source depends only on the specs, so an edit that changes
        // only where a diagnostic points emits nothing new.
        var docsFolder = context.AnalyzerConfigOptionsProvider.Select(static (options, _) => HelpLinks.DocsFolder(options));
        foreach (var results in new[] { code, bash, join })
        {
            context.RegisterSourceOutput(results.Select(static (r, _) => r.Diagnostics).Combine(docsFolder), ReportDiagnostics);
            context.RegisterSourceOutput(results.Where(static r => r.Unimplemented is not null).Select(static (r, _) => r.Unimplemented!),
                static (output, spec) => output.AddSource(spec.HintName, Emitter.EmitUnimplemented(spec)));
        }

        var apps = code.Collect().Combine(bash.Collect()).Combine(join.Collect())
            .Select(static (all, _) => all.Left.Left.Concat(all.Left.Right).Concat(all.Right)
                .Where(r => r.Spec is not null)
                .Select(r => r.Spec!)
                .ToImmutableEquatableArray())
            .WithTrackingName(Steps.Apps);

        // One file per type: each group is compared with the last run's, so an edit re-emits only its own type's file.
        var groups = apps
            .SelectMany(static (all, _) => all
                .GroupBy(spec => (spec.Namespace, spec.TypePath))
                .Select(group => new AppGroupSpec(group.First().Namespace, group.First().ContainingTypes,
                    group.OrderBy(spec => spec.SourceFileName, System.StringComparer.Ordinal).ThenBy(spec => spec.SourceLine).ToImmutableEquatableArray()))
                .OrderBy(group => Emitter.HintName(group), System.StringComparer.Ordinal))
            .WithTrackingName(Steps.AppGroups);
        context.RegisterSourceOutput(groups, static (output, group) => output.AddSource(Emitter.HintName(group), Emitter.EmitGroup(group)));

        var workflows = context.SyntaxProvider
            .ForAttributeWithMetadataName(WorkflowAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (syntaxContext, cancellationToken) => WorkflowParser.Parse(syntaxContext, cancellationToken))
            .WithTrackingName(Steps.Workflows);
        context.RegisterSourceOutput(workflows.Select(static (r, _) => r.Diagnostics).Combine(docsFolder), ReportDiagnostics);
        context.RegisterSourceOutput(workflows.Where(static r => r.Spec is not null).Select(static (r, _) => r.Spec!),
            static (output, spec) => output.AddSource(WorkflowEmitter.HintName(spec), WorkflowEmitter.Emit(spec)));

        // Apps register their definitions; workflows their graphs (read when a run asks, e.g. for its monitoring database).
        var registrations = groups
            .Select(static (group, _) => Emitter.RegistrationReference(group) + "();")
            .Collect()
            .Combine(workflows.Where(static r => r.Spec is not null).Select(static (r, _) => WorkflowEmitter.RegistrationStatement(r.Spec!)).Collect())
            .Select(static (all, _) => all.Left.OrderBy(statement => statement, System.StringComparer.Ordinal)
                .Concat(all.Right.OrderBy(statement => statement, System.StringComparer.Ordinal)).ToImmutableEquatableArray())
            .WithTrackingName(Steps.Registry);
        context.RegisterSourceOutput(registrations, static (output, statements) =>
        {
            if (statements.Count > 0)
                output.AddSource("ParslAppRegistration.g.cs", Emitter.EmitRegistry(statements));
        });
    }

    private static void ReportDiagnostics(SourceProductionContext output, (ImmutableEquatableArray<DiagnosticInfo> Diagnostics, string? DocsFolder) found)
    {
        foreach (var diagnostic in found.Diagnostics)
            output.ReportDiagnostic(diagnostic.ToDiagnostic(found.DocsFolder));
    }

    private static IncrementalValuesProvider<AppParseResult> ParseApps(IncrementalGeneratorInitializationContext context,
        string attributeName, AppKindSpec kind, string trackingName) =>
        context.SyntaxProvider
            .ForAttributeWithMetadataName(attributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                (syntaxContext, cancellationToken) => Reuse.ParseReuse.Parse(syntaxContext, kind, cancellationToken))
            .WithTrackingName(trackingName);
}
