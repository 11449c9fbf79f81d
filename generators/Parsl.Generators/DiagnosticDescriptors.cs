using Microsoft.CodeAnalysis;

namespace Parsl.Generators;

/// <summary>Every diagnostic the generator reports: input it must skip because it cannot generate a stub for it.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Parsl";

    /// <summary>Each diagnostic's page in this repository, which says what it means and how to fix it.</summary>
    private static string HelpLink(string id) => "docs/diagnostics/" + id + ".md";

    public static readonly DiagnosticDescriptor MethodNotPartial = new(
        "PARSL001", "App method must be partial",
        "App '{0}' must be declared 'partial' so the generator can add its stub; add the 'partial' modifier",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL001"));

    public static readonly DiagnosticDescriptor TypeNotPartial = new(
        "PARSL002", "Type containing an app must be partial",
        "Type '{0}' contains app '{1}' and must be declared 'partial' (with every type it is nested in); add the 'partial' modifier",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL002"));

    public static readonly DiagnosticDescriptor MethodNotStatic = new(
        "PARSL003", "App method must be static",
        "App '{0}' must be 'static': an app is a function of its arguments and may run on another thread or machine",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL003"));

    public static readonly DiagnosticDescriptor GenericApp = new(
        "PARSL004", "Generic apps are not supported",
        "App '{0}' is generic (or inside a generic type); declare one app per concrete type instead",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL004"));

    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        "PARSL005", "Unsupported app parameter",
        "Parameter '{0}' of app '{1}' is {2}, which an app cannot take: {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL005"));

    public static readonly DiagnosticDescriptor UnknownPlaceholder = new(
        "PARSL006", "Bash template placeholder names no parameter",
        "'{{{0}}}' in the {1} of bash app '{2}' names no parameter; use one of: {3} (write '{{{{' for a literal brace)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL006"));

    public static readonly DiagnosticDescriptor MalformedTemplate = new(
        "PARSL007", "Malformed bash template",
        "The {0} of bash app '{1}' is malformed: {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL007"));

    public static readonly DiagnosticDescriptor InvalidBashAppShape = new(
        "PARSL008", "Bash app has the wrong shape",
        "Bash app '{0}' {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL008"));

    public static readonly DiagnosticDescriptor InvalidJoinAppShape = new(
        "PARSL009", "Join app must return a future",
        "Join app '{0}' must have a body that returns 'AppFuture<T>' or a collection of them ('AppFuture<T>[]', 'List<AppFuture<T>>', 'IReadOnlyList<AppFuture<T>>'); it returns '{1}'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL009"));

    public static readonly DiagnosticDescriptor OverloadedApp = new(
        "PARSL010", "App names must be unique within a type",
        "Type '{0}' declares more than one app named '{1}'; app ids are Namespace.Type.Method, so rename one of them",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL010"));

    public static readonly DiagnosticDescriptor InaccessibleType = new(
        "PARSL011", "Type containing an app must not be private",
        "App '{0}' is inside private or protected type '{1}'; make it internal or public so the generated registry can reach it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL011"));

    public static readonly DiagnosticDescriptor InvalidCodeAppShape = new(
        "PARSL012", "App has the wrong shape",
        "App '{0}' {1}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL012"));

    public static readonly DiagnosticDescriptor WorkflowTypeNotPartial = new(
        "PARSL013", "Type containing a workflow must be partial",
        "Type '{0}' contains workflow '{1}' and must be declared 'partial' (with every type it is nested in) so the generator can add its graph; add the 'partial' modifier",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL013"));

    public static readonly DiagnosticDescriptor UntransportableApp = new(
        "PARSL014", "App cannot run in a worker process",
        "App '{0}' cannot run on a worker executor: its {1} has type '{2}', which {3}. It runs on in-process executors only; {4}.",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("PARSL014"));
}
