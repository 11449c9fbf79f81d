using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Parsl.Generators.Helpers;

/// <summary>
/// Symbols as text, remembered per symbol: a project's apps take the same few types over and over, and formatting one
/// allocates more than the rest of parsing its app. The entries go with the compilation whose symbols they belong to.
/// </summary>
internal static class SymbolText
{
    /// <summary>Fully qualified with <c>global::</c>, nullable reference types marked: how generated code names a type.</summary>
    public static readonly SymbolDisplayFormat CodeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly ConditionalWeakTable<ISymbol, string> s_display = new();
    private static readonly ConditionalWeakTable<ISymbol, string> s_code = new();
    private static readonly ConditionalWeakTable<ISymbol, string>.CreateValueCallback s_toDisplay = static symbol => symbol.ToDisplayString();
    private static readonly ConditionalWeakTable<ISymbol, string>.CreateValueCallback s_toCode = static symbol => symbol.ToDisplayString(CodeFormat);

    /// <summary>As C# shows it in messages, e.g. <c>System.Collections.Generic.List&lt;T&gt;</c> or <c>Parsl.BashResult</c>.</summary>
    public static string Display(ISymbol symbol) => s_display.GetValue(symbol, s_toDisplay);

    /// <summary>In <see cref="CodeFormat"/>, e.g. <c>global::System.Collections.Generic.List&lt;double&gt;</c>.</summary>
    public static string Code(ITypeSymbol type) => s_code.GetValue(type, s_toCode);
}
