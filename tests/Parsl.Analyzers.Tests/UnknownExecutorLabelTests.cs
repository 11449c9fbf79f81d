using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class UnknownExecutorLabelTests
{
    private const string Usings = """
        using System;
        using Parsl;

        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync<UnknownExecutorLabelAnalyzer>(Usings + source, expected);

    [Fact]
    public Task Reports_the_unknown_label_at_its_literal_with_the_declared_ones() => VerifyAsync("""
        [assembly: ExecutorLabels("local", "midway")]

        public static class Science
        {
            [App(Executors = ["midway", {|#0:"midwya"|}])]
            public static double Simulate(int steps) => steps;
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnknownExecutorLabel, 0, "Science.Simulate", "midwya", "'local', 'midway'"));

    [Fact]
    public Task Checks_bash_and_join_apps_every_array_form_and_constants() => VerifyAsync("""
        [assembly: ExecutorLabels("local")]
        [assembly: ExecutorLabels("cluster")]

        public static class Labels
        {
            public const string Gpu = "gpu";
        }

        public static class Science
        {
            [BashApp("echo {x}", Executors = new[] { "cluster", {|PARSL027:"clustr"|} })]
            public static BashResult Echo(int x) => throw new NotSupportedException();

            [JoinApp(Executors = new string[] { {|PARSL027:Labels.Gpu|} })]
            public static AppFuture<int> Plan(int x) => throw new NotSupportedException();

            [App(Cache = true, Executors = ["local", "cluster"])]
            public static int Known(int x) => x;
        }
        """);

    [Fact]
    public Task Without_a_declaration_nothing_is_checked() => VerifyAsync("""
        public static class Science
        {
            [App(Executors = ["anything"])]
            public static double Simulate(int steps) => steps;
        }
        """);
}
