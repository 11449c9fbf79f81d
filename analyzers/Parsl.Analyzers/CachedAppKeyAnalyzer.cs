using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Parsl.Analyzers.Apps;
using Parsl.Diagnostics;

namespace Parsl.Analyzers;

/// <summary>
/// PARSL021 and PARSL022: a cached app must hash every argument into its memo key and store its result, so each
/// parameter type (except a CancellationToken or one marked [IgnoreForCache]) and the result type need a stable,
/// canonical form; see <see cref="StableKeyTypes"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CachedAppKeyAnalyzer : AppDeclarationAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnkeyableParameter, DiagnosticDescriptors.UnstorableResult);

    private protected override void AnalyzeApp(SymbolAnalysisContext context, ParslApp app, MethodDeclarationSyntax declaration, KnownTypes types)
    {
        if (!app.Cache)
            return;
        var method = app.Method;
        foreach (var parameter in method.Parameters)
        {
            if (ParslApp.IsLeftOutOfKey(parameter, types) || StableKeyTypes.Problem(parameter.Type, types) is not { } problem)
                continue;
            var syntax = declaration.ParameterList.Parameters[parameter.Ordinal];
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnkeyableParameter.Linked(context.Options), syntax.Identifier.GetLocation(),
                parameter.Name, app.Name, SymbolNames.Short(parameter.Type), problem));
        }
        if (StableKeyTypes.StoredResult(method.ReturnType, types) is { } result && StableKeyTypes.Problem(result, types) is { } resultProblem)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnstorableResult.Linked(context.Options), declaration.ReturnType.GetLocation(),
                app.Name, SymbolNames.Short(method.ReturnType), resultProblem));
        }
    }
}
