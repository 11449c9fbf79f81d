using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Parsl.Generators.Model;

namespace Parsl.Generators.Reuse;

/// <summary>
/// Hands back an app's last parse when neither its declaration nor any declaration it could depend on has changed.
/// </summary>
/// <remarks>
/// <c>ForAttributeWithMetadataName</c> runs the transform again for every app whenever the compilation changes, even
/// when only a method body elsewhere was edited; parsing a thousand apps again (binding their parameter types and planning
/// their memo keys and codecs) was most of what an edit cost. The parse of a method reads only declarations: its own
/// syntax node (the same object while its file is unedited) and symbols, which are the same while the
/// <see cref="DeclarationFingerprint"/> is.
/// </remarks>
internal static class ParseReuse
{
    private sealed record Entry(AppKindSpec Kind, DeclarationFingerprint Fingerprint, AppParseResult Result);

    // A holder per node, since netstandard2.0's table cannot replace a value; the entry is swapped whole, so a reader
    // sees an old one or a new one, never half of each.
    private sealed class Slot
    {
        public volatile Entry? Last;
    }

    private static readonly ConditionalWeakTable<MethodDeclarationSyntax, Slot> s_lastParse = new();

    public static AppParseResult Parse(GeneratorAttributeSyntaxContext context, AppKindSpec kind, System.Threading.CancellationToken cancellationToken)
    {
        var node = (MethodDeclarationSyntax)context.TargetNode;
        var fingerprint = DeclarationFingerprint.Of(context.SemanticModel.Compilation);
        var slot = s_lastParse.GetValue(node, static _ => new Slot());
        if (slot.Last is { } last && last.Kind == kind && last.Fingerprint.Equals(fingerprint))
            return last.Result;
        var result = AppGenerator.Parser.Parse(context, kind, cancellationToken);
        slot.Last = new Entry(kind, fingerprint, result);
        return result;
    }

    /// <summary>The fingerprint of the compilation that <paramref name="node"/> was last parsed in (for tests: an old one
    /// after an edit means the parse was handed back).</summary>
    internal static DeclarationFingerprint? LastParsedIn(MethodDeclarationSyntax node) =>
        s_lastParse.TryGetValue(node, out var slot) ? slot.Last?.Fingerprint : null;
}
