namespace Parsl.Generators.Tests;

/// <summary>
/// The memo-key writer the generator writes and PARSL021 read one type model: a type the analyzer accepts is keyed in
/// full (no refusal left for run time), and a type it rejects gets no partial key.
/// </summary>
public sealed class MemoKeyModelTests
{
    /// <summary>The generated file of a cached app taking <paramref name="type"/>; <paramref name="clean"/>: nothing may be
    /// reported at all, PARSL014 included (the type also travels to workers).</summary>
    private static string KeyWriter(string type, bool clean = false)
    {
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using System.Collections.Frozen;
            using Parsl;

            public sealed record Point(double X, double Y);
            public sealed class Hidden { private int _secret = 1; public int Shown => _secret; }

            public static partial class Keyed
            {
                [App(Cache = true)]
                public static partial int Take({{type}} value) => 0;
            }
            """;
        var result = clean ? GeneratorHarness.RunClean(source) : GeneratorHarness.Run(source).Result;
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        return Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("Keyed.g.cs", StringComparison.Ordinal)).ToString();
    }

    [Theory]
    [InlineData("ImmutableArray<int>")]
    [InlineData("ImmutableList<string>")]
    [InlineData("HashSet<string>")]
    [InlineData("FrozenSet<int>")]
    [InlineData("Dictionary<string, int>")]
    [InlineData("ImmutableDictionary<string, Point>")]
    [InlineData("IReadOnlyDictionary<int, List<Point>>")]
    [InlineData("DateOnly")]
    [InlineData("System.Numerics.BigInteger")]
    [InlineData("(int A, string B)")]
    [InlineData("Point?")]
    public void A_supported_type_is_keyed_in_full_and_travels_to_workers(string type)
    {
        var source = KeyWriter(type, clean: true);

        Assert.DoesNotContain("AddUnsupported", source);
        // Elements are written, never the collection's own properties.
        Assert.DoesNotContain(".IsDefaultOrEmpty", source);
        Assert.DoesNotContain(".Length);", source);
    }

    [Theory]
    [InlineData("Hidden", "keeps state in the non-public field '_secret'")]
    [InlineData("System.Text.StringBuilder", ", whose non-public state Parsl cannot see; use a record")]
    [InlineData("List<object>", "has elements of type 'object', which can hold anything")]
    [InlineData("int[,]", "is a multi-dimensional array")]
    public void An_unsupported_type_is_refused_whole_with_the_reason_the_analyzer_gives(string type, string reason)
    {
        var source = KeyWriter(type);

        Assert.Contains("key.AddUnsupported(", source);
        Assert.Contains(reason, source);
    }
}
