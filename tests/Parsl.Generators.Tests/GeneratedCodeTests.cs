namespace Parsl.Generators.Tests;

/// <summary>Shapes of app whose generated code could collide with names the generator itself uses.</summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public void Parameters_named_like_the_stubs_own_lambda_parameters_compile()
    {
        // The definition's lambdas take a, (v, ct) and (key, v); app parameters of those names must not clash with them.
        var result = GeneratorHarness.RunClean("""
            using System.Threading;
            using Parsl;

            public sealed record Sample(string a, int key);

            public static partial class Names
            {
                [App(Cache = true)]
                public static partial int Mix(int a, string key, Sample ct, long v, CancellationToken cancellationToken) => a + key.Length + ct.key + (int)v;

                [BashApp("echo {a} {key}", Stdout = "{a}.txt")]
                public static partial BashResult Echo(int a, string key);
            }
            """);

        var source = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("Names.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("static a => (a.Arg1.Value, a.Arg2.Value, a.Arg3.Value, a.Arg4.Value)", source);
        Assert.Contains("static (v, ct) => global::Names.Mix(v.Item1, v.Item2, v.Item3, v.Item4, ct)", source);
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
        Assert.Contains("a.Arg7.Value, a.Arg8.Arg1.Value, a.Arg8.Arg2.Value, a.Arg8.Arg3.Value)", source);
        Assert.Contains("global::Wide.Sum(v.Item1, v.Item2, v.Item3, v.Item4, v.Item5, v.Item6, v.Item7, v.Item8, v.Item9, v.Item10)", source);
    }

    [Fact]
    public void Generated_code_carries_the_version_of_the_package()
    {
        var version = typeof(AppFuture).Assembly.GetName().Version!;
        var result = GeneratorHarness.RunClean("""
            using Parsl;

            public static partial class Stamped
            {
                [App]
                public static partial int One() => 1;
            }
            """);

        var source = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("Stamped.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains($"[global::System.CodeDom.Compiler.GeneratedCode(\"Parsl.Generators\", \"{version.Major}.{version.Minor}.{version.Build}\")]", source);
    }

    [Fact]
    public void Stubs_keep_default_values_and_take_params_one_by_one()
    {
        var result = GeneratorHarness.RunClean("""
            using Parsl;

            public enum Mode { Fast, Slow }

            public static partial class Defaults
            {
                #pragma warning disable CS1066 // the analyzers' suppressor silences this in a real build
                [App]
                public static partial string Run(string name, int times = 2, Mode mode = Mode.Slow, double? scale = null, params int[] extra)
                    => name + times + mode + scale + extra.Length;
                #pragma warning restore CS1066
            }
            """);

        var source = Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith("Defaults.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("public static partial string Run(string name, int times = (int)(2), global::Mode mode = (global::Mode)(1), double? scale = default, params int[] extra);", source);
        Assert.Contains("RunAsync(global::Parsl.Future<string> name, global::Parsl.Future<int>? times = null, global::Parsl.Future<global::Mode>? mode = null, global::Parsl.Future<double?>? scale = null, global::Parsl.FutureList<int> extra = default, global::Parsl.AppCallOptions? options = null, [global::System.Runtime.CompilerServices.CallerFilePath]", source);
        Assert.Contains("global::Parsl.Arguments.Of(name, times ?? new global::Parsl.Future<int>((int)(2)), mode ?? new global::Parsl.Future<global::Mode>((global::Mode)(1)), scale ?? default(global::Parsl.Future<double?>), extra)", source);
        Assert.Contains("RunAsync(global::Parsl.Future<string> name, global::Parsl.Future<int>? times = null, global::Parsl.Future<global::Mode>? mode = null, global::Parsl.Future<double?>? scale = null, params global::Parsl.Future<int>[] extra)", source);
    }
}
