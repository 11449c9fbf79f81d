using Microsoft.CodeAnalysis;

namespace Parsl.Analyzers.Apps;

/// <summary>How the analyzers name types: by metadata name to recognise them, and briefly in messages.</summary>
internal static class SymbolNames
{
    /// <summary><c>System.Collections.Generic.List`1</c> for any <c>List&lt;T&gt;</c>.</summary>
    public static string FullName(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    /// <summary><c>List&lt;Stream&gt;</c>: the type as a user writes it with the usual usings.</summary>
    public static string Short(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
}
