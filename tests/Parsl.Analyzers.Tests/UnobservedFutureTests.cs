using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class UnobservedFutureTests
{
    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync<UnobservedFutureAnalyzer>(BlockingOnFutureTests.Apps + source, expected);

    [Fact]
    public Task Reports_a_dropped_future_with_the_stub_it_came_from() => VerifyAsync("""
        public static class Program
        {
            public static void Run()
            {
                {|#0:Science.SimulateAsync(1)|};
                {|PARSL026:Science.ScaleAsync(Science.SimulateAsync(2), 3.0)|};
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnobservedFuture, 0, "Science.SimulateAsync"));

    [Fact]
    public Task Reports_expression_bodies_and_helpers_returning_futures() => VerifyAsync("""
        public sealed class Program
        {
            public static void Fire() => {|#0:Science.SimulateAsync(1)|};

            public static void Run(Program? maybe)
            {
                {|#1:Next()|};
                {|PARSL026:maybe?.Again()|};
                System.Func<AppFuture<double>> kept = () => Science.SimulateAsync(2);
            }

            private static AppFuture<double> Next() => Science.SimulateAsync(3);

            private AppFuture<double> Again() => Science.SimulateAsync(4);
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnobservedFuture, 0, "Science.SimulateAsync"),
        Diagnostic(DiagnosticDescriptors.UnobservedFuture, 1, "Program.Next"));

    [Fact]
    public Task Reports_inside_apps_and_lambdas_too() => VerifyAsync("""
        public static class Program
        {
            [App]
            public static int Launch(int n)
            {
                Action launch = () => {|PARSL026:Science.SimulateAsync(n)|};
                launch();
                return n;
            }
        }
        """);

    [Fact]
    public Task Awaited_stored_passed_returned_and_discarded_futures_draw_nothing() => VerifyAsync("""
        public static class Program
        {
            public static async Task<double> Run()
            {
                _ = Science.SimulateAsync(0);
                var a = Science.SimulateAsync(1);
                AppFuture<double> b;
                b = Science.SimulateAsync(2);
                var list = new System.Collections.Generic.List<AppFuture<double>> { Science.SimulateAsync(3) };
                list.Add(Science.SimulateAsync(4));
                await Science.SimulateAsync(5);
                Science.SimulateAsync(6).Wait();
                return await Science.ScaleAsync(a, b) + Next().TaskId;
            }

            private static AppFuture<double> Next() => Science.SimulateAsync(7);
        }
        """);
}
