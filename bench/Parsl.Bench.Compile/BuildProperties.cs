using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Parsl.Bench.Compile;

/// <summary>
/// The MSBuild properties `dotnet build` of a net10.0 library hands every analyzer (its generated
/// <c>.GeneratedMSBuildEditorConfig.editorconfig</c>), so the SDK's analyzers switch on as in a real build: some of them,
/// such as the platform-compatibility rules, read the target framework and do nothing without it.
/// </summary>
internal sealed class BuildProperties : AnalyzerConfigOptionsProvider
{
    private static readonly Options s_none = new(ImmutableDictionary<string, string>.Empty);

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
    {
        ["build_property.TargetFramework"] = "net10.0",
        ["build_property.TargetFrameworkIdentifier"] = ".NETCoreApp",
        ["build_property.TargetFrameworkVersion"] = "v10.0",
        ["build_property._SupportedPlatformList"] = "Linux,macOS,Windows",
        ["build_property.RootNamespace"] = "Synthetic",
        ["build_property.EffectiveAnalysisLevelStyle"] = "10.0",
    }));

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_none;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_none;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
