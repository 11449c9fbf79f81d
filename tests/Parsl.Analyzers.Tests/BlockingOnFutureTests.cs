using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class BlockingOnFutureTests
{
    internal const string Apps = """
        using System;
        using System.Threading.Tasks;
        using Parsl;

        public static class Science
        {
            [App]
            public static double Simulate(int seed) => seed;

            public static AppFuture<double> SimulateAsync(Future<int> seed) => throw new NotSupportedException();

            [App]
            public static double Scale(double x, double factor) => x * factor;

            public static AppFuture<double> ScaleAsync(Future<double> x, Future<double> factor) => throw new NotSupportedException();
        }

        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync<BlockingOnFutureAnalyzer>(Apps + source, expected);

    [Theory]
    [InlineData("future.Result()")]
    [InlineData("future.Result(TimeSpan.FromSeconds(1))")]
    [InlineData("future.GetAwaiter().GetResult()")]
    [InlineData("future.AsTask().Result")]
    [InlineData("future.AsTask().GetAwaiter().GetResult()")]
    public Task Reports_blocking_on_a_future_inside_an_app(string call) => VerifyAsync($$"""
        public static class Workflow
        {
            [App]
            public static double Twice(int seed)
            {
                var future = Science.SimulateAsync(seed);
                return 2 * {|PARSL023:{{call}}|};
            }
        }
        """);

    [Fact]
    public Task Reports_waits_and_names_the_app() => VerifyAsync("""
        public static class Workflow
        {
            [JoinApp]
            public static AppFuture<double> Chain(int seed)
            {
                AppFuture future = Science.SimulateAsync(seed);
                {|#0:future.Wait()|};
                {|PARSL023:Science.SimulateAsync(seed).AsTask().Wait()|};
                return Science.SimulateAsync(seed);
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.BlockingOnFuture, 0, "Workflow.Chain", ".Wait()"));

    [Fact]
    public Task Blocking_outside_apps_and_awaiting_inside_async_apps_draw_nothing() => VerifyAsync("""
        public static class Workflow
        {
            public static double Main() => Science.SimulateAsync(1).Result();

            [App]
            public static async Task<double> Twice(int seed) => 2 * await Science.SimulateAsync(seed);

            [JoinApp]
            public static AppFuture<double> Scaled(int seed) => Science.ScaleAsync(Science.SimulateAsync(seed), 2.0);

            [App]
            public static int Other(Task<int> task) => task.Result;
        }
        """);
}
