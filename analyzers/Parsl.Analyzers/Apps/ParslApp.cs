using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Parsl.Analyzers.Apps;

/// <summary>The kind of app an attribute declares.</summary>
internal enum AppKind
{
    Code,
    Bash,
    Join,
}

/// <summary>
/// A method carrying one of the app attributes, with what the analyzers need from the attribute. Apps need not be
/// <c>partial</c> here: the generator reports that (PARSL001), and the analyzers work on whatever compiles.
/// </summary>
internal sealed class ParslApp
{
    private ParslApp(IMethodSymbol method, AppKind kind, AttributeData attribute)
    {
        Method = method;
        Kind = kind;
        Attribute = attribute;
        Cache = attribute.NamedArguments.Any(a => a.Key == "Cache" && a.Value.Value is true);
        IsBodyFormBash = kind == AppKind.Bash && attribute.ConstructorArguments.IsEmpty;
    }

    public IMethodSymbol Method { get; }
    public AppKind Kind { get; }
    public AttributeData Attribute { get; }
    public bool Cache { get; }

    /// <summary><c>[BashApp]</c> without a template: the method body returns the command line.</summary>
    public bool IsBodyFormBash { get; }

    /// <summary>The app as users name it in messages: <c>Type.Method</c>.</summary>
    public string Name => DisplayName(Method);

    /// <summary>The declaration that carries the attribute (the user's half of a partial method), where diagnostics about the signature go.</summary>
    public MethodDeclarationSyntax? Declaration(CancellationToken cancellationToken) =>
        Attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).FirstAncestorOrSelf<MethodDeclarationSyntax>();

    /// <summary>Whether <paramref name="half"/> (a method, or one half of a partial one) is where the app attribute is written.</summary>
    public bool IsAttributedOn(IMethodSymbol half)
    {
        if (Attribute.ApplicationSyntaxReference is not { } written)
            return false;
        foreach (var declaration in half.DeclaringSyntaxReferences)
            if (declaration.SyntaxTree == written.SyntaxTree && declaration.Span.Contains(written.Span))
                return true;
        return false;
    }

    /// <summary>Whether the app's memo key leaves out the parameter: a <c>CancellationToken</c> or one marked <c>[IgnoreForCache]</c>.</summary>
    public static bool IsLeftOutOfKey(IParameterSymbol parameter, KnownTypes types) =>
        SymbolEqualityComparer.Default.Equals(parameter.Type, types.CancellationToken)
        || parameter.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, types.IgnoreForCacheAttribute));

    public static string DisplayName(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

    /// <summary>The app declared by <paramref name="method"/> (either half of a partial method), or null.</summary>
    public static ParslApp? From(IMethodSymbol method, KnownTypes types)
    {
        if (method.MethodKind != MethodKind.Ordinary)
            return null;
        // The method itself, then its other half; without allocating, since this is asked of every method.
        var app = FromAttributes(method, method, types);
        if (app is null && (method.PartialDefinitionPart ?? method.PartialImplementationPart) is { } otherHalf)
            app = FromAttributes(method, otherHalf, types);
        return app;
    }

    private static ParslApp? FromAttributes(IMethodSymbol method, IMethodSymbol part, KnownTypes types)
    {
        foreach (var attribute in part.GetAttributes())
        {
            if (KindOf(attribute.AttributeClass, types) is { } kind)
                return new ParslApp(method.PartialImplementationPart ?? method, kind, attribute);
        }
        return null;
    }

    /// <summary>Whether <paramref name="method"/> is an app (its stub can take futures).</summary>
    public static bool IsApp(IMethodSymbol method, KnownTypes types) => From(method, types) is not null;

    private static AppKind? KindOf(INamedTypeSymbol? attributeClass, KnownTypes types)
    {
        if (attributeClass is null)
            return null;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, types.AppAttribute))
            return AppKind.Code;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, types.BashAppAttribute))
            return AppKind.Bash;
        if (SymbolEqualityComparer.Default.Equals(attributeClass, types.JoinAppAttribute))
            return AppKind.Join;
        return null;
    }
}
