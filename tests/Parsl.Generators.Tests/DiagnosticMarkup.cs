using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Parsl.Generators.Tests;

/// <summary>
/// Checks generator diagnostics written inline as <c>{|PARSL006:text|}</c>: each marked span must draw exactly that
/// diagnostic, and nothing else may be reported.
/// </summary>
internal static partial class DiagnosticMarkup
{
    public static void Verify(string markup)
    {
        var expected = new List<(string Id, int Start, int Length)>();
        var source = new System.Text.StringBuilder();
        var position = 0;
        foreach (Match match in Marker().Matches(markup))
        {
            source.Append(markup, position, match.Index - position);
            expected.Add((match.Groups["id"].Value, source.Length, match.Groups["text"].Value.Length));
            source.Append(match.Groups["text"].Value);
            position = match.Index + match.Length;
        }
        source.Append(markup, position, markup.Length - position);

        var (result, output) = GeneratorHarness.Run(source.ToString());
        var actual = result.Diagnostics
            .Select(d => (d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))
            .OrderBy(d => d.Start).ThenBy(d => d.Id)
            .ToList();
        Assert.True(expected.OrderBy(d => d.Start).ThenBy(d => d.Id).SequenceEqual(actual),
            $"expected:\n  {string.Join("\n  ", expected)}\nactual:\n  {string.Join("\n  ", result.Diagnostics.Select(Describe))}");
        Assert.All(result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        // The generator's error is the one to read: a rejected app's partial method still gets its other half (one
        // that throws), so no "partial method must have an implementation part" follows it.
        var missingHalf = output.GetDiagnostics().Where(d => d.Id == "CS8795").ToList();
        Assert.True(missingHalf.Count == 0, "the compiler also reports:\n  " + string.Join("\n  ", missingHalf));
    }

    /// <summary>The diagnostics a source draws, for checking messages.</summary>
    public static IReadOnlyList<Diagnostic> Of(string source) => GeneratorHarness.Run(source).Result.Diagnostics;

    private static string Describe(Diagnostic d) => $"({d.Id}, {d.Location.SourceSpan.Start}, {d.Location.SourceSpan.Length}) {d.GetMessage()}";

    [GeneratedRegex(@"\{\|(?<id>PARSL\d{3}):(?<text>.*?)\|\}", RegexOptions.Singleline)]
    private static partial Regex Marker();
}
