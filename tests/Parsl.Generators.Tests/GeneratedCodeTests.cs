namespace Parsl.Generators.Tests;

/// <summary>Shapes of app whose generated code could collide with names the generator itself uses.</summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public void Parameters_named_like_the_stubs_own_lambda_parameters_compile()
    {
        // The stub's lambdas take (a, ct) and (key, a); app parameters of those names must not clash with them.
        var result = GeneratorHarness.RunClean("""
            using System.Threading;
            using Parsl;

            public sealed record Sample(string a, int key);

            public static partial class Names
            {
                [App(Cache = true)]
                public static partial int Mix(int a, string key, Sample ct, CancellationToken cancellationToken) => a + key.Length + ct.key;

                [BashApp("echo {a} {key}", Stdout = "{a}.txt")]
                public static partial BashResult Echo(int a, string key);
            }
            """);

        var source = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("Names.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("static (a, ct) => global::Names.Mix(a.Arg1.Value, a.Arg2.Value, a.Arg3.Value, ct)", source);
    }

    [Fact]
    public void More_inputs_than_a_pack_holds_nest_a_pack_in_the_last_slot()
    {
        var result = GeneratorHarness.RunClean("""
            using Parsl;

            public static partial class Wide
            {
                [App]
                public static partial int Sum(int x1, int x2, int x3, int x4, int x5, int x6, int x7, int x8, int x9, int x10)
                    => x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10;
            }
            """);

        var source = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("Wide.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("global::Parsl.Arguments.Of(x1, x2, x3, x4, x5, x6, x7, global::Parsl.Arguments.Of(x8, x9, x10))", source);
        Assert.Contains("a.Arg7.Value, a.Arg8.Arg1.Value, a.Arg8.Arg2.Value, a.Arg8.Arg3.Value", source);
    }
}
