using Parsl.Analyzers.CodeFixes;
using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class RemoveCacheCodeFixTests
{
    /// <summary>A cached app reading the clock directly: both PARSL020 fixes apply.</summary>
    internal const string ClockApp = """
        using System;
        using Parsl;

        public static class Science
        {
            [App(Cache = true)]
            public static double Simulate(int steps) => steps * {|PARSL020:DateTime.Now|}.Second;
        }
        """;

    [Fact]
    public Task Removes_cache_for_a_nondeterministic_app_and_drops_an_empty_argument_list() =>
        CodeFixAsync<NondeterministicCachedAppAnalyzer, RemoveCacheCodeFix>(ClockApp, """
            using System;
            using Parsl;

            public static class Science
            {
                [App]
                public static double Simulate(int steps) => steps * DateTime.Now.Second;
            }
            """, RemoveCacheCodeFix.EquivalenceKey);

    [Fact]
    public Task Keeps_the_other_arguments_of_a_bash_app() =>
        CodeFixAsync<NondeterministicCachedAppAnalyzer, RemoveCacheCodeFix>("""
            using System;
            using Parsl;

            public static class Tools
            {
                [BashApp(Stdout = "out.txt", Cache = true, Executors = ["local"])]
                public static string Stamp(string name) => ShellCommand.Format($"touch {name}-{{|PARSL020:Guid.NewGuid()|}}");
            }
            """, """
            using System;
            using Parsl;

            public static class Tools
            {
                [BashApp(Stdout = "out.txt", Executors = ["local"])]
                public static string Stamp(string name) => ShellCommand.Format($"touch {name}-{Guid.NewGuid()}");
            }
            """, RemoveCacheCodeFix.EquivalenceKey);

    [Fact]
    public Task Removes_cache_for_a_parameter_without_a_key() =>
        CodeFixAsync<CachedAppKeyAnalyzer, RemoveCacheCodeFix>("""
            using System.IO;
            using Parsl;

            public static class Science
            {
                [App(Cache = true)]
                public static long Size(Stream {|PARSL021:data|}) => data.Length;
            }
            """, """
            using System.IO;
            using Parsl;

            public static class Science
            {
                [App]
                public static long Size(Stream data) => data.Length;
            }
            """, RemoveCacheCodeFix.EquivalenceKey);

    [Fact]
    public Task Removes_cache_for_a_result_that_cannot_be_stored() =>
        CodeFixAsync<CachedAppKeyAnalyzer, RemoveCacheCodeFix>("""
            using System.IO;
            using Parsl;

            public static class Science
            {
                [App(Cache = true)]
                public static {|PARSL022:Stream|} Open(string path) => File.OpenRead(path);
            }
            """, """
            using System.IO;
            using Parsl;

            public static class Science
            {
                [App]
                public static Stream Open(string path) => File.OpenRead(path);
            }
            """, RemoveCacheCodeFix.EquivalenceKey);
}

public class ValueToParameterCodeFixTests
{
    [Fact]
    public Task Turns_the_clock_into_a_parameter() =>
        CodeFixAsync<NondeterministicCachedAppAnalyzer, ValueToParameterCodeFix>(RemoveCacheCodeFixTests.ClockApp, """
            using System;
            using Parsl;

            public static class Science
            {
                [App(Cache = true)]
                public static double Simulate(int steps, DateTime now) => steps * now.Second;
            }
            """, ValueToParameterCodeFix.EquivalenceKey);

    [Fact]
    public Task Puts_the_parameter_before_a_cancellation_token_and_picks_a_free_name() =>
        CodeFixAsync<NondeterministicCachedAppAnalyzer, ValueToParameterCodeFix>("""
            using System;
            using System.Threading;
            using Parsl;

            public static class Science
            {
                [App(Cache = true)]
                public static string Label(string guid, CancellationToken cancellationToken) => guid + {|PARSL020:Guid.NewGuid()|};
            }
            """, """
            using System;
            using System.Threading;
            using Parsl;

            public static class Science
            {
                [App(Cache = true)]
                public static string Label(string guid, Guid guid2, CancellationToken cancellationToken) => guid + guid2;
            }
            """, ValueToParameterCodeFix.EquivalenceKey);

    [Fact]
    public Task Turns_an_environment_variable_with_a_constant_name_into_a_parameter() =>
        CodeFixAsync<NondeterministicCachedAppAnalyzer, ValueToParameterCodeFix>("""
            using System;
            using Parsl;

            public static class Science
            {
                [App(Cache = true)]
                public static int Depth(int n) => n + ({|PARSL020:Environment.GetEnvironmentVariable("DEPTH")|} ?? "").Length;
            }
            """, """
            using System;
            using Parsl;

            public static class Science
            {
                [App(Cache = true)]
                public static int Depth(int n, string environmentVariable) => n + (environmentVariable ?? "").Length;
            }
            """, ValueToParameterCodeFix.EquivalenceKey);

    [Fact]
    public Task Offers_nothing_for_values_that_are_not_simple_or_not_in_the_app() =>
        NoCodeFixAsync<NondeterministicCachedAppAnalyzer, ValueToParameterCodeFix>("""
            using System;
            using Parsl;

            public static class Helper
            {
                public static long Ticks() => DateTime.Now.Ticks;
            }

            public static class Settings
            {
                public static int Scale = 2;
            }

            public static class Science
            {
                [App(Cache = true)]
                public static double Simulate(int steps) =>
                    steps * {|PARSL020:Random.Shared|}.NextDouble() + {|PARSL020:Helper.Ticks()|} + {|PARSL020:Settings.Scale|} + {|PARSL020:new Random()|}.Next();
            }
            """, ValueToParameterCodeFix.EquivalenceKey);
}

public class ShellCommandFormatCodeFixTests
{
    [Fact]
    public Task Turns_a_concatenation_into_a_formatted_command() =>
        CodeFixAsync<UnquotedBashCommandAnalyzer, ShellCommandFormatCodeFix>("""
            using Parsl;

            public static class Tools
            {
                private const string Flags = "-v";

                [BashApp]
                public static string Dock(string protein, double radius, int? n) =>
                    {|PARSL024:"dock.sh " + protein + " --min " + radius + " {x} " + Flags + " \"" + (n ?? 1) + "\" " + $"--n {n:D3}"|};
            }
            """, """
            using Parsl;

            public static class Tools
            {
                private const string Flags = "-v";

                [BashApp]
                public static string Dock(string protein, double radius, int? n) =>
                    ShellCommand.Format($"dock.sh {protein} --min {radius} {{x}} -v \"{(n ?? 1)}\" --n {n:D3}");
            }
            """, ShellCommandFormatCodeFix.EquivalenceKey);

    [Fact]
    public Task Wraps_an_interpolated_string() =>
        CodeFixAsync<UnquotedBashCommandAnalyzer, ShellCommandFormatCodeFix>("""
            using Parsl;

            public static class Tools
            {
                [BashApp]
                public static string Dock(string protein, string ligand)
                {
                    var command = {|PARSL024:$"dock.sh {protein} {ligand}"|};
                    return command;
                }
            }
            """, """
            using Parsl;

            public static class Tools
            {
                [BashApp]
                public static string Dock(string protein, string ligand)
                {
                    var command = ShellCommand.Format($"dock.sh {protein} {ligand}");
                    return command;
                }
            }
            """, ShellCommandFormatCodeFix.EquivalenceKey);

    [Fact]
    public Task Adds_nothing_for_string_format_or_appending() =>
        NoCodeFixAsync<UnquotedBashCommandAnalyzer, ShellCommandFormatCodeFix>("""
            using Parsl;

            public static class Tools
            {
                [BashApp]
                public static string Seq(int n, bool wide)
                {
                    var command = {|PARSL024:string.Format("seq {0}", n)|};
                    if (wide)
                        {|PARSL024:command += " -w" + n|};
                    return command;
                }
            }
            """, ShellCommandFormatCodeFix.EquivalenceKey);
}

public class JoinAppCodeFixTests
{
    [Fact]
    public Task Passes_the_future_to_the_next_apps_stub() =>
        CodeFixAsync<BlockingOnFutureAnalyzer, JoinAppCodeFix>(BlockingOnFutureTests.Apps + """
            public static class Workflow
            {
                [App(Executors = ["local"])]
                public static double SimulateScaled(int seed)
                {
                    var simulated = Science.SimulateAsync(seed);
                    return Science.Scale({|PARSL023:simulated.Result()|}, 2.0);
                }
            }
            """, BlockingOnFutureTests.Apps + """
            public static class Workflow
            {
                [JoinApp(Executors = ["local"])]
                public static AppFuture<double> SimulateScaled(int seed)
                {
                    var simulated = Science.SimulateAsync(seed);
                    return Science.ScaleAsync(simulated, 2.0);
                }
            }
            """, JoinAppCodeFix.EquivalenceKey);

    [Fact]
    public Task Returns_the_future_itself() =>
        CodeFixAsync<BlockingOnFutureAnalyzer, JoinAppCodeFix>(BlockingOnFutureTests.Apps + """
            public static class Workflow
            {
                [App]
                public static double Pick(int seed) => {|PARSL023:Science.SimulateAsync(seed + 1).Result()|};
            }
            """, BlockingOnFutureTests.Apps + """
            public static class Workflow
            {
                [JoinApp]
                public static AppFuture<double> Pick(int seed) => Science.SimulateAsync(seed + 1);
            }
            """, JoinAppCodeFix.EquivalenceKey);

    [Fact]
    public Task Offers_nothing_when_the_shape_is_not_mechanical() =>
        NoCodeFixAsync<BlockingOnFutureAnalyzer, JoinAppCodeFix>(BlockingOnFutureTests.Apps + """
            public static class Workflow
            {
                [App]
                public static double Sum(int seed)
                {
                    var a = Science.SimulateAsync(seed);
                    var b = Science.SimulateAsync(seed + 1);
                    return {|PARSL023:a.Result()|} + {|PARSL023:b.Result()|};
                }

                [App]
                public static double Computed(int seed) => Math.Sqrt({|PARSL023:Science.SimulateAsync(seed).Result()|});

                [App(Cache = true)]
                public static double Cached(int seed) => {|PARSL023:Science.SimulateAsync(seed).Result()|};

                [App]
                public static int Truncated(int seed) => (int){|PARSL023:Science.SimulateAsync(seed).Result()|};
            }
            """, JoinAppCodeFix.EquivalenceKey);
}

public class DiscardFutureCodeFixTests
{
    [Fact]
    public Task Discards_the_future_explicitly() =>
        CodeFixAsync<UnobservedFutureAnalyzer, DiscardFutureCodeFix>(BlockingOnFutureTests.Apps + """
            public static class Program
            {
                public static void Run()
                {
                    // launch and forget
                    {|PARSL026:Science.SimulateAsync(1)|};
                }
            }
            """, BlockingOnFutureTests.Apps + """
            public static class Program
            {
                public static void Run()
                {
                    // launch and forget
                    _ = Science.SimulateAsync(1);
                }
            }
            """, DiscardFutureCodeFix.EquivalenceKey);
}
