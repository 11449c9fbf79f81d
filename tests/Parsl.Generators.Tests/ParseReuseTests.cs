using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Parsl.Generators.Reuse;

namespace Parsl.Generators.Tests;

/// <summary>
/// An app's parse is reused after an edit only when no declaration could have changed what it read: reused after an edit
/// inside a method body elsewhere, parsed again after any change to a declaration, an option or a reference — a stale
/// parse would mean a stale memo key.
/// </summary>
public sealed class ParseReuseTests
{
    private const string Apps = """
        using Parsl;
        namespace Demo;
        public static partial class Science
        {
            [App(Cache = true)] public static partial double Score(Sample sample) => sample.Weight * Helpers.Scale(2);
            [App] public static partial double Simulate(int steps) => steps;
        }
        """;

    private const string Declarations = """
        namespace Demo;
        public sealed record Sample(string Name, double Weight);
        public static class Helpers
        {
            public static double Scale(int x) => x * 1.5;
            public static int Count()
            {
                return 3;
            }
        }
        """;

    [Fact]
    public void An_edit_inside_a_method_body_elsewhere_reuses_every_parse()
    {
        AssertReused(Edit(Declarations.Replace("return 3;", "return 4;")));
    }

    [Fact]
    public void An_edit_inside_an_expression_body_elsewhere_reuses_every_parse()
    {
        AssertReused(Edit(Declarations.Replace("x * 1.5", "x * 2.5")));
    }

    [Fact]
    public void A_changed_record_elsewhere_is_parsed_again_and_its_key_follows()
    {
        var compilation = GeneratorHarness.Compile(Apps, Declarations);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var declarations = compilation.SyntaxTrees.Last();

        var edited = compilation.ReplaceSyntaxTree(declarations, declarations.WithChangedText(SourceText.From(
            Declarations.Replace("double Weight)", "double Weight, int Replicate)"))));
        var second = driver.RunGenerators(edited).GetRunResult();

        var science = second.Results.Single().GeneratedSources.Single(s => s.HintName == "Demo.Science.g.cs").SourceText.ToString();
        Assert.Contains("Replicate", science);
    }

    [Fact]
    public void A_new_type_elsewhere_is_parsed_again()
    {
        // A new declaration can change what a name binds to, so nothing is reused.
        AssertParsedAgain(Edit(Declarations + "\nnamespace Demo.Other { public sealed class Sample { } }\n"));
    }

    [Fact]
    public void Changed_compilation_options_are_parsed_again()
    {
        var compilation = GeneratorHarness.Compile(Apps, Declarations);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = compilation.WithOptions(compilation.Options.WithNullableContextOptions(NullableContextOptions.Disable));
        driver.RunGenerators(edited);

        AssertParsedAgain((compilation, edited));
    }

    [Fact]
    public void A_changed_reference_is_parsed_again()
    {
        var compilation = GeneratorHarness.Compile(Apps, Declarations);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var parsl = compilation.References.Single(r => r.Display?.EndsWith("Parsl.dll", StringComparison.Ordinal) == true);

        // The same file loaded again is a new reference object, as a rebuilt library would be.
        var edited = compilation.ReplaceReference(parsl, MetadataReference.CreateFromFile(parsl.Display!));
        driver.RunGenerators(edited);

        AssertParsedAgain((compilation, edited));
    }

    [Fact]
    public void An_edit_inside_a_body_holding_a_directive_is_parsed_again()
    {
        // '#nullable' inside a body reaches the declarations after it, so such a body counts as a declaration.
        var withDirective = Declarations.Replace("return 3;", "#nullable disable\n        return 3;\n#nullable restore");
        AssertParsedAgain(Edit(withDirective.Replace("return 3;", "return 4;"), withDirective));
    }

    /// <summary>Runs the generator on the apps and <paramref name="original"/>, then again with the declarations file edited.</summary>
    private static (Compilation First, Compilation Second) Edit(string edited, string original = Declarations)
    {
        var compilation = GeneratorHarness.Compile(Apps, original);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var declarations = compilation.SyntaxTrees.Last();
        var second = compilation.ReplaceSyntaxTree(declarations, declarations.WithChangedText(SourceText.From(edited)));
        driver.RunGenerators(second);
        return (compilation, second);
    }

    // Each app's last parse belongs to the compilation it was made in: the first one when it was handed back.
    private static void AssertReused((Compilation First, Compilation Second) run) =>
        Assert.All(AppMethods(run.Second), method => Assert.Same(DeclarationFingerprint.Of(run.First), ParseReuse.LastParsedIn(method)));

    private static void AssertParsedAgain((Compilation First, Compilation Second) run) =>
        Assert.All(AppMethods(run.Second), method => Assert.Same(DeclarationFingerprint.Of(run.Second), ParseReuse.LastParsedIn(method)));

    private static List<MethodDeclarationSyntax> AppMethods(Compilation compilation) =>
        [.. compilation.SyntaxTrees.First().GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()];
}
