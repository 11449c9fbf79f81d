using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Parsl.Bench.Compile.Floor;

/// <summary>
/// The least an attribute-driven generator does: finds the methods with Parsl's three app attributes as Roslyn
/// recommends (<c>ForAttributeWithMetadataName</c>, which binds each candidate's attributes again whenever the
/// compilation changes) and takes their names, emitting nothing. What it costs, cold and after an unrelated edit, is a
/// floor no generator of this design goes below (<c>--generator floor</c>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class FloorGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (var attribute in new[] { "Parsl.AppAttribute", "Parsl.BashAppAttribute", "Parsl.JoinAppAttribute" })
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(attribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (syntaxContext, _) => syntaxContext.TargetSymbol.Name);
            context.RegisterSourceOutput(names.Collect(), static (_, _) => { });
        }
    }
}
