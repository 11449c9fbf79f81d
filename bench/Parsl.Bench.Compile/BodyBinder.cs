using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Bench.Compile;

/// <summary>
/// Binds the operations of every method, constructor and accessor body in the project's own files when analysis
/// starts, before any other analyzer runs. The .NET SDK's analyzers make every build bind them all anyway (the bench's
/// <c>--floor sdk-alone --only floor-probe</c> shows it), but later, in whichever analyzer asks first: with this in the
/// floor, the time the driver reports for the Parsl analyzers is their own work, not binding the build pays for anyway.
/// </summary>
#pragma warning disable RS1012, RS1036, RS1025, RS1026, RS1030, RS1041, RS2008 // a measuring device inside the bench, not a shipped analyzer
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class BodyBinder : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor s_never = new("FLOOR002", "never reported", "never reported", "Bench", DiagnosticSeverity.Hidden, true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [s_never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        // Symbol events come from the compiler binding every body, which a build does to compile anyway; an analyzer
        // set without a symbol action spares the driver that, so the floor asks for them like every other analyzer.
        context.RegisterSymbolAction(_ => { }, SymbolKind.Method);
        context.RegisterCompilationStartAction(start =>
        {
            // The compilation handed to analyzers caches its semantic models: later callbacks get these bodies already bound.
            var compilation = start.Compilation;
            var ownFiles = compilation.SyntaxTrees.Where(tree => !tree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase));
            Parallel.ForEach(ownFiles, tree =>
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var node in tree.GetRoot(start.CancellationToken).DescendantNodes())
                    if (node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax })
                        model.GetOperation(node, start.CancellationToken);
            });
        });
    }
}
