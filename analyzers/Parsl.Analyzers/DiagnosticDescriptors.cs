using Microsoft.CodeAnalysis;

namespace Parsl.Analyzers;

/// <summary>
/// Every diagnostic the analyzers report. PARSL001–019 belong to the generator (what stops it from emitting);
/// these start at PARSL020 and flag code that compiles but will misbehave when apps run in parallel, elsewhere, or
/// from a cache. Each help link is the page under docs/diagnostics, shipped in the package (see HelpLinks).
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Parsl";
    private const string HelpRoot = "docs/diagnostics/"; // until a compilation says where the package put the pages (HelpLinks)

    public static readonly DiagnosticDescriptor NondeterministicCachedApp = new(
        "PARSL020", "Cached app is not deterministic",
        "Cached app '{0}' is not deterministic: {1}; pass the value in as a parameter or remove Cache = true",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL020.md");

    public static readonly DiagnosticDescriptor UnkeyableParameter = new(
        "PARSL021", "Cached app parameter has no stable key",
        "Parameter '{0}' of cached app '{1}' has type '{2}', which has no stable memo key ({3}); pass numbers, strings, DataFile, records or collections of them, mark it [IgnoreForCache], or remove Cache = true",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL021.md");

    public static readonly DiagnosticDescriptor UnstorableResult = new(
        "PARSL022", "Cached app result cannot be stored stably",
        "Cached app '{0}' returns '{1}', which {2}, so it cannot be stored as a memoized result; return numbers, strings, records or collections of them, or remove Cache = true",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL022.md");

    public static readonly DiagnosticDescriptor BlockingOnFuture = new(
        "PARSL023", "App blocks on a future",
        "App '{0}' blocks on a future with '{1}': its worker waits while the future may need a worker from the same bounded pool (deadlock risk); pass the future to another app from a [JoinApp] instead",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL023.md");

    public static readonly DiagnosticDescriptor UnquotedBashCommand = new(
        "PARSL024", "Bash command built without quoting",
        "Bash app '{0}' builds its command with {1}, so a value with spaces or ';' breaks or injects into the command line; build it with ShellCommand.Format($\"...\"), which quotes every value",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL024.md");

    public static readonly DiagnosticDescriptor StaticStateWrite = new(
        "PARSL025", "App writes static mutable state",
        "App '{0}' writes static state: {1}; apps run in parallel and on remote workers, where the write races or is lost; return the value from the app instead",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL025.md");

    public static readonly DiagnosticDescriptor UnobservedFuture = new(
        "PARSL026", "Future is neither awaited, passed on, stored nor discarded",
        "The future returned by '{0}' is dropped, so its result and any exception are lost; await it, pass it to another app, store it, or discard it explicitly with '_ = '",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL026.md");

    public static readonly DiagnosticDescriptor UnknownExecutorLabel = new(
        "PARSL027", "App names an undeclared executor label",
        "App '{0}' names executor '{1}', which no [assembly: ExecutorLabels] declares; use one of: {2}, or add the label to the declaration",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL027.md");

    public static readonly DiagnosticDescriptor UnknownCallExecutorLabel = new(
        "PARSL028", "Call options name an undeclared executor label",
        "AppCallOptions names executor '{0}', which no [assembly: ExecutorLabels] declares; use one of: {1}, or add the label to the declaration",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL028.md");

    public static readonly DiagnosticDescriptor CallPathLooksLikeTemplate = new(
        "PARSL029", "Per-call output path is written like a template",
        "AppCallOptions.{0} is \"{1}\": a per-call path is used as given, so '{2}' would name the file literally; build the path with an interpolated string ($\"...\") or use AppCallOptions.AutoLogName",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpRoot + "PARSL029.md");
}
