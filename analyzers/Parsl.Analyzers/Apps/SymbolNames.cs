using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Parsl.Analyzers.Apps;

/// <summary>How the analyzers name types: by metadata name to recognise them, and briefly in messages.</summary>
internal static class SymbolNames
{
    // Asked for nearly every member the analyzers look at; each type's name is built once.
    private static readonly ConditionalWeakTable<ITypeSymbol, string> s_fullNames = new();
    private static readonly ConditionalWeakTable<ITypeSymbol, string>.CreateValueCallback s_build = Build;
    private static readonly ConditionalWeakTable<ITypeSymbol, string> s_namespaceNames = new();
    private static readonly ConditionalWeakTable<ITypeSymbol, string>.CreateValueCallback s_buildNamespace =
        type => type.ContainingNamespace?.ToDisplayString() ?? "";

    /// <summary><c>System.Collections.Generic.List`1</c> for any <c>List&lt;T&gt;</c>.</summary>
    public static string FullName(ITypeSymbol type) => s_fullNames.GetValue(type, s_build);

    /// <summary><c>System.Collections.Generic</c> for any <c>List&lt;T&gt;</c>; empty when the type has no namespace.</summary>
    public static string NamespaceName(ITypeSymbol type) => s_namespaceNames.GetValue(type, s_buildNamespace);

    /// <summary><c>List&lt;Stream&gt;</c>: the type as a user writes it with the usual usings.</summary>
    public static string Short(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);

    private static string Build(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
}
