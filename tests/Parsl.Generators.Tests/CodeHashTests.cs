using System.Text.RegularExpressions;

namespace Parsl.Generators.Tests;

/// <summary>The compile-time hash that makes editing a cached app invalidate its memo entries and checkpoints.</summary>
public sealed partial class CodeHashTests
{
    private const string App = """
        using Parsl;
        public static partial class Science
        {
            [App(Cache = true)]
            public static partial double Simulate(int steps) => steps * 0.5;
        }
        """;

    [Fact]
    public void Layout_and_comments_do_not_change_the_hash()
    {
        var reformatted = App.Replace("=> steps * 0.5;", "=>\n        // halve it\n        steps   *   0.5;");

        Assert.Equal(HashOf(App), HashOf(reformatted));
    }

    [Fact]
    public void Changing_the_body_the_signature_or_the_attribute_changes_the_hash()
    {
        var original = HashOf(App);

        Assert.NotEqual(original, HashOf(App.Replace("steps * 0.5", "steps * 0.25")));
        Assert.NotEqual(original, HashOf(App.Replace("int steps", "long steps")));
        Assert.NotEqual(original, HashOf(App.Replace("[App(Cache = true)]", "[App(Cache = true, Retries = 1)]")));
    }

    [Fact]
    public void Uncached_apps_carry_no_hash()
    {
        var generated = Generated(App.Replace("Cache = true", "Cache = false"));

        Assert.DoesNotContain("CodeHash", generated);
    }

    private static string HashOf(string source) => CodeHash().Match(Generated(source)).Groups[1].Value is { Length: 16 } hash
        ? hash
        : throw new Xunit.Sdk.XunitException("no code hash in the generated descriptor");

    private static string Generated(string source) =>
        GeneratorHarness.RunClean(source).GeneratedTrees.Single(t => t.FilePath.EndsWith("Science.g.cs", StringComparison.Ordinal)).ToString();

    [GeneratedRegex("CodeHash = \"([0-9a-f]+)\"")]
    private static partial Regex CodeHash();
}
