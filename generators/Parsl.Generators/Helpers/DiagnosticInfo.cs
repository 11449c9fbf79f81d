using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Parsl.Diagnostics;

namespace Parsl.Generators.Helpers;

/// <summary>A diagnostic to report later, held by value so parse results stay equatable.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, ImmutableEquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArgs) =>
        new(descriptor, location, messageArgs.ToImmutableEquatableArray());

    /// <summary>The diagnostic, its help link pointing into <paramref name="docsFolder"/> when the build named one.</summary>
    public Diagnostic ToDiagnostic(string? docsFolder) =>
        Diagnostic.Create(Descriptor.Linked(docsFolder), Location?.ToLocation(), MessageArgs.Cast<object>().ToArray());
}
