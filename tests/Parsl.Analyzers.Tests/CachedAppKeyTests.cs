using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class CachedAppKeyTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Parsl;

        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync<CachedAppKeyAnalyzer>(Usings + source, expected);

    [Theory]
    [InlineData("object")]
    [InlineData("dynamic")]
    [InlineData("Stream")]
    [InlineData("MemoryStream")]
    [InlineData("Func<int, int>")]
    [InlineData("Action")]
    [InlineData("EventHandler")]
    [InlineData("Task<int>")]
    [InlineData("ValueTask")]
    [InlineData("IntPtr")]
    [InlineData("nint")]
    [InlineData("AppFuture<int>")]
    [InlineData("IComparable")]
    [InlineData("System.Text.StringBuilder")]
    [InlineData("int[,]")]
    [InlineData("Random")]
    [InlineData("List<object>")]
    [InlineData("Dictionary<string, Stream>")]
    public Task Reports_a_parameter_without_a_stable_key(string type) => VerifyAsync($$"""
        public static class Science
        {
            [App(Cache = true)]
            public static int Simulate({{type}} {|PARSL021:input|}) => 0;
        }
        """);

    [Fact]
    public Task Message_names_the_parameter_the_app_the_type_and_why() => VerifyAsync("""
        public static class Science
        {
            [App(Cache = true)]
            public static int Simulate(int steps, Func<int, int> {|#0:step|}) => step(steps);
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnkeyableParameter, 0, "step", "Science.Simulate", "Func<int, int>", "is code (a delegate), which has no value to hash or send"));

    [Fact]
    public Task Explains_which_member_of_a_record_has_no_key() => VerifyAsync("""
        public sealed record Settings(string Name, Stream Log);

        public static class Science
        {
            [App(Cache = true)]
            public static int Simulate(Settings {|#0:settings|}) => 0;
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnkeyableParameter, 0, "settings", "Science.Simulate", "Settings",
            "has member 'Log' of type 'Stream', which is a stream, read once and with no value to hash or send; pass a DataFile or a path"));

    [Fact]
    public Task Supported_types_draw_nothing() => VerifyAsync("""
        public enum Mode { Fast, Exact }
        public sealed record Point(double X, double Y);
        public struct Range { public int Low; public int High; }
        public sealed class Node { public string Name { get; set; } = ""; public List<Node> Children { get; } = new(); }
        public sealed class Empty { }

        public static class Science
        {
            [App(Cache = true)]
            public static async Task<Point[]> Simulate(
                int steps, long seed, double scale, decimal price, bool verbose, char separator, string name, Mode mode,
                DateTime start, DateTimeOffset stamp, TimeSpan step, Guid id, int? limit, byte[] bytes, List<string> names,
                IReadOnlyList<double> xs, IEnumerable<Point> points, Dictionary<string, int[]> table, Range range, Node tree,
                (int, string) pair, Empty empty, int?[][] jagged, BashResult previous, DataFile input,
                HashSet<string> tags, System.Collections.Immutable.ImmutableArray<int> counts, SortedDictionary<string, double> weights,
                DateOnly day, System.Numerics.BigInteger big,
                [IgnoreForCache] Stream log, CancellationToken cancellationToken)
            {
                await Task.Yield();
                return new Point[0];
            }
        }
        """);

    [Fact]
    public Task Uncached_apps_take_anything() => VerifyAsync("""
        public static class Science
        {
            [App]
            public static object Simulate(object input, Stream data, Func<int> step) => input;
        }
        """);

    [Theory]
    [InlineData("object")]
    [InlineData("Stream")]
    [InlineData("Task<Func<int>>")]
    [InlineData("IEnumerable<object>")]
    public Task Reports_a_result_that_cannot_be_stored(string type) => VerifyAsync($$"""
        public static class Science
        {
            [App(Cache = true)]
            public static {|PARSL022:{{type}}|} Simulate(int steps) => throw new NotSupportedException();
        }
        """);

    [Fact]
    public Task Result_message_names_the_app_the_type_and_why() => VerifyAsync("""
        public static class Science
        {
            [App(Cache = true)]
            public static {|#0:Stream|} Open(string path) => File.OpenRead(path);
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnstorableResult, 0, "Science.Open", "Stream", "is a stream, read once and with no value to hash or send; pass a DataFile or a path"));

    [Fact]
    public Task Void_and_task_results_store_nothing() => VerifyAsync("""
        public static class Science
        {
            [App(Cache = true)]
            public static void Touch(string path) { }

            [App(Cache = true)]
            public static Task TouchAsync(string path) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task Checks_cached_bash_apps_on_the_declaration_the_user_wrote() => VerifyAsync("""
        public static partial class Tools
        {
            [BashApp("cat {input}", Cache = true)]
            public static partial BashResult Cat(Stream {|PARSL021:input|});

            public static partial BashResult Cat(Stream input) => throw new NotSupportedException();
        }
        """);
}
