using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Parsl.Analyzers.Apps;

namespace Parsl.Analyzers.CodeFixes;

/// <summary>The app a diagnostic is about, found from any node inside its declaration.</summary>
internal sealed class AppLocation
{
    private AppLocation(ParslApp app, MethodDeclarationSyntax declaration, SemanticModel model, KnownTypes types)
    {
        App = app;
        Declaration = declaration;
        Model = model;
        Types = types;
    }

    public ParslApp App { get; }

    /// <summary>The declaration the node is in (the one with the body, for a partial app).</summary>
    public MethodDeclarationSyntax Declaration { get; }

    public SemanticModel Model { get; }

    public KnownTypes Types { get; }

    /// <summary>
    /// Whether the app's whole signature is this one declaration, so a fix may change it: a plain method, or a partial
    /// method whose other half is not in the project's own documents (it is generated, and follows the change).
    /// </summary>
    public bool OwnsSignature(Document document) =>
        App.Method.PartialDefinitionPart is not { } definition
        || definition.DeclaringSyntaxReferences.All(reference => document.Project.GetDocument(reference.SyntaxTree) is null);

    public static async Task<AppLocation?> FindAsync(Document document, SyntaxNode node, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } declaration
            || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || KnownTypes.From(model.Compilation) is not { } types
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } method
            || ParslApp.From(method, types) is not { } app)
            return null;
        return new AppLocation(app, declaration, model, types);
    }
}
