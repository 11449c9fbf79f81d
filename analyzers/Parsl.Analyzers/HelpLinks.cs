using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Diagnostics;

/// <summary>
/// Help links that open from an IDE: the Parsl package ships a page per diagnostic in <c>docs/diagnostics</c>, and its
/// build props pass that folder to the compiler as <c>build_property.ParslDiagnosticDocs</c>. A reported diagnostic
/// carries the page's <c>file:</c> URI; the descriptors themselves (declared before any compilation is seen) carry
/// the page's path in the repository. Shared, as one file, by the generator and the analyzers.
/// </summary>
internal static class HelpLinks
{
    public const string DocsFolderProperty = "build_property.ParslDiagnosticDocs";

    private static readonly ConcurrentDictionary<(string Folder, DiagnosticDescriptor Descriptor), DiagnosticDescriptor> s_linked = new();

    /// <summary>The docs folder the build passed, or null when it passed none.</summary>
    public static string? DocsFolder(AnalyzerConfigOptionsProvider options) =>
        options.GlobalOptions.TryGetValue(DocsFolderProperty, out var folder) && !string.IsNullOrWhiteSpace(folder) ? folder : null;

    /// <summary>The descriptor with its help link pointing at its page in <paramref name="docsFolder"/>.</summary>
    public static DiagnosticDescriptor Linked(this DiagnosticDescriptor descriptor, string? docsFolder) =>
        docsFolder is null || !Path.IsPathRooted(docsFolder) ? descriptor : s_linked.GetOrAdd((docsFolder, descriptor), static key => new DiagnosticDescriptor(
            key.Descriptor.Id, key.Descriptor.Title, key.Descriptor.MessageFormat, key.Descriptor.Category, key.Descriptor.DefaultSeverity,
            key.Descriptor.IsEnabledByDefault, key.Descriptor.Description, PageUri(key.Folder, key.Descriptor.Id), key.Descriptor.CustomTags.ToArray()));

    /// <summary>The descriptor linked to the docs folder of the compilation being analyzed.</summary>
    public static DiagnosticDescriptor Linked(this DiagnosticDescriptor descriptor, AnalyzerOptions options) =>
        descriptor.Linked(DocsFolder(options.AnalyzerConfigOptionsProvider));

    private static string PageUri(string folder, string id) => new Uri(Path.Combine(folder, id + ".md")).AbsoluteUri;
}
