using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class NondeterministicCachedAppTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.IO;
        using System.Linq;
        using System.Net;
        using System.Net.Http;
        using System.Security.Cryptography;
        using System.Threading;
        using System.Threading.Tasks;
        using Parsl;

        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync<NondeterministicCachedAppAnalyzer>(Usings + source, expected);

    [Theory]
    [InlineData("DateTime.Now")]
    [InlineData("DateTime.UtcNow")]
    [InlineData("DateTime.Today")]
    [InlineData("DateTimeOffset.Now")]
    [InlineData("DateTimeOffset.UtcNow")]
    [InlineData("Stopwatch.StartNew()")]
    [InlineData("Stopwatch.GetTimestamp()")]
    [InlineData("Environment.TickCount")]
    [InlineData("Environment.TickCount64")]
    [InlineData("Environment.ProcessId")]
    [InlineData("Environment.GetEnvironmentVariable(\"HOME\")")]
    [InlineData("Environment.GetEnvironmentVariables()")]
    [InlineData("Guid.NewGuid()")]
    [InlineData("Random.Shared")]
    [InlineData("new Random()")]
    [InlineData("RandomNumberGenerator.GetInt32(10)")]
    [InlineData("Process.GetCurrentProcess()")]
    [InlineData("TimeProvider.System.GetUtcNow()")]
    [InlineData("File.ReadAllText(\"settings.json\")")]
    [InlineData("File.ReadAllLines(Path.Combine(\"data\", \"x.csv\"))")]
    [InlineData("File.OpenRead(\"data.bin\")")]
    [InlineData("new StreamReader(\"data.txt\")")]
    [InlineData("new FileStream(\"data.bin\", FileMode.Open)")]
    [InlineData("Directory.GetFiles(\"inputs\")")]
    [InlineData("new HttpClient().GetStringAsync(\"/status\")")]
    [InlineData("Dns.GetHostAddresses(\"localhost\")")]
    public Task Reports_a_nondeterministic_value_in_a_cached_app(string expression) => VerifyAsync($$"""
        public static class Science
        {
            [App(Cache = true)]
            public static string Simulate(int steps)
            {
                var value = {|PARSL020:{{expression}}|};
                return value.ToString() + steps;
            }
        }
        """);

    [Fact]
    public Task Message_names_the_app_and_the_source_and_says_what_to_do() => VerifyAsync("""
        public static class Science
        {
            [App(Cache = true)]
            public static double Simulate(int steps) => steps * {|#0:DateTime.Now|}.Second;
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Science.Simulate", "Simulate → DateTime.Now"));

    [Fact]
    public Task Reports_reads_of_mutable_static_state() => VerifyAsync("""
        public static class Settings
        {
            public static double Scale = 2;
            public static int Offset { get; set; }
            public static readonly List<int> Table = new();
        }

        public static class Science
        {
            [App(Cache = true)]
            public static double Simulate(int steps) => steps * {|PARSL020:Settings.Scale|} + {|PARSL020:Settings.Offset|} + {|PARSL020:Settings.Table|}.Count;
        }
        """);

    [Fact]
    public Task Reports_the_stopwatch_reading_and_a_seedless_random() => VerifyAsync("""
        public static class Science
        {
            [App(Cache = true)]
            public static double Simulate(int steps)
            {
                var clock = new Stopwatch();
                clock.Start();
                var random = {|PARSL020:new Random()|};
                return random.NextDouble() + {|PARSL020:clock.Elapsed|}.TotalSeconds + steps;
            }
        }
        """);

    [Fact]
    public Task Deterministic_cached_code_draws_nothing() => VerifyAsync("""
        public sealed record Point(double X, double Y);

        public static class Constants
        {
            public const double Pi = 3.14159;
            public static readonly string Name = "sim";
            public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
            public static readonly Point Origin = new(0, 0);
            public static readonly Func<double, double> Square = x => x * x;
        }

        public static class Science
        {
            [App(Cache = true)]
            public static double Simulate(int steps, int seed)
            {
                var random = new Random(seed);
                var fixedRandom = new Random(42);
                var total = 0.0;
                for (var i = 0; i < steps; i++)
                    total += random.NextDouble() + fixedRandom.NextDouble() + Constants.Square(Constants.Pi) + Constants.Origin.X;
                return total + Constants.Name.Length + Constants.Step.TotalSeconds + Math.Sqrt(steps);
            }
        }
        """);

    [Fact]
    public Task An_uncached_app_may_read_the_clock() => VerifyAsync("""
        public static class Science
        {
            [App]
            public static double Stamp(int steps) => steps + DateTime.Now.Second + Random.Shared.Next();

            [BashApp]
            public static string Echo(int n) => "echo " + Environment.TickCount;
        }
        """);

    [Fact]
    public Task Reports_in_a_cached_body_form_bash_app() => VerifyAsync("""
        public static class Tools
        {
            [BashApp(Cache = true)]
            public static string Stamp(string name) => ShellCommand.Format($"touch {name}-{{|PARSL020:DateTime.Now|}.Ticks}");
        }
        """);

    [Fact]
    public Task Reports_when_the_attribute_is_on_the_other_half_of_a_partial_app() => VerifyAsync("""
        public static partial class Science
        {
            [App(Cache = true)]
            public static partial double Simulate(int steps);

            public static partial double Simulate(int steps) => steps * {|PARSL020:Guid.NewGuid()|}.ToByteArray()[0];
        }
        """);

    [Fact]
    public Task Reading_a_path_given_by_a_parameter_is_a_declared_input() => VerifyAsync("""
        public static class Science
        {
            [App(Cache = true)]
            public static int Count(string path, string directory, string[] inputs, DataFile data, IReadOnlyList<BashResult> reports)
            {
                var text = File.ReadAllText(path);
                var local = Path.Combine(directory, "settings.json");
                var settings = File.ReadAllLines(local);
                var total = 0;
                foreach (var input in inputs)
                    total += File.ReadAllBytes(input).Length;
                total += inputs.Select(i => File.ReadAllText(i).Length).Sum();
                total += reports.Sum(r => File.ReadAllLines(r.StdoutPath!).Length);
                using var reader = new StreamReader(data.Path);
                return text.Length + settings.Length + total + reader.Read() + File.ReadAllText($"{directory}/extra.txt").Length;
            }
        }
        """);

    [Fact]
    public Task Reading_a_path_given_by_a_parameter_left_out_of_the_key_is_reported() => VerifyAsync("""
        public static class Science
        {
            [App(Cache = true)]
            public static int Count(int n, [IgnoreForCache] string logPath, CancellationToken cancellationToken) =>
                n + {|PARSL020:File.ReadAllText(logPath)|}.Length;
        }
        """);

    [Fact]
    public Task Follows_calls_into_helpers_and_reports_the_chain_at_the_apps_call() => VerifyAsync("""
        public static class Helper
        {
            public static double Jitter() => Random.Shared.NextDouble();
        }

        public static class Science
        {
            [App(Cache = true)]
            public static double Simulate(int steps) => steps + {|#0:Helper.Jitter()|};
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Science.Simulate", "Simulate → Helper.Jitter → Random.Shared"));

    [Fact]
    public Task Follows_three_levels_through_methods_property_getters_and_constructors() => VerifyAsync("""
        public sealed class Model
        {
            private readonly double _noise;
            public Model() => _noise = Physics.Noise;
            public double Noise => _noise;
        }

        public static class Physics
        {
            public static double Noise => Clock.Seconds();
        }

        public static class Clock
        {
            public static double Seconds() => Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
        }

        public static class Science
        {
            [App(Cache = true)]
            public static double Simulate(int steps) => steps * {|#0:new Model()|}.Noise;
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Science.Simulate", "Simulate → new Model() → Physics.Noise → Clock.Seconds → Stopwatch.GetTimestamp()"));

    [Fact]
    public Task Follows_local_functions_lambdas_and_method_groups() => VerifyAsync("""
        public static class Helper
        {
            public static double Shift(double x) => x + Environment.TickCount;
        }

        public static class Science
        {
            [App(Cache = true)]
            public static double Simulate(double[] xs)
            {
                double Noise() => {|PARSL020:Guid.NewGuid()|}.GetHashCode();
                var shifted = xs.Select({|PARSL020:Helper.Shift|}).Sum();
                return shifted + Noise() + xs.Select(x => x * {|PARSL020:DateTime.UtcNow|}.Millisecond).Sum();
            }
        }
        """);

    [Fact]
    public Task A_helper_reading_its_parameter_is_fine_when_the_app_passes_its_own_parameter() => VerifyAsync("""
        public static class Reports
        {
            public static string Read(string path) => File.ReadAllText(path);
            public static string ReadAll(string directory) => Read(Path.Combine(directory, "report.txt"));
        }

        public static class Science
        {
            [App(Cache = true)]
            public static int Size(string directory, IReadOnlyList<BashResult> results) =>
                Reports.ReadAll(directory).Length + results.Select(ReadResult).Sum();

            private static int ReadResult(BashResult result) => File.ReadAllText(result.StdoutPath!).Length;
        }
        """);

    [Fact]
    public Task A_helper_reading_its_parameter_is_reported_when_the_app_passes_a_constant() => VerifyAsync("""
        public static class Reports
        {
            public static string Read(string path) => File.ReadAllText(path);
        }

        public static class Science
        {
            [App(Cache = true)]
            public static int Size(string directory) => Reports.Read(directory).Length + {|#0:Reports.Read("/etc/hostname")|}.Length;
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Science.Size", "Size → Reports.Read → File.ReadAllText() of a path that is not an app parameter"));

    [Fact]
    public Task Cycles_end_and_still_find_what_is_behind_them() => VerifyAsync("""
        public static class Even
        {
            public static bool Is(int n) => n == 0 || Odd.Is(n - 1);
        }

        public static class Odd
        {
            public static bool Is(int n) => n != 0 && (Even.Is(n - 1) || Late.Now() < 0);
        }

        public static class Late
        {
            public static long Now() => DateTime.Now.Ticks;
        }

        public static class Pure
        {
            public static int Ping(int n) => n <= 0 ? 0 : Pong(n - 1);
            public static int Pong(int n) => n <= 0 ? 1 : Ping(n - 1);
        }

        public static class Science
        {
            [App(Cache = true)]
            public static bool Parity(int n) => {|#0:Even.Is(n)|} && Pure.Ping(n) >= 0 && Recurse(n) > 0;

            private static int Recurse(int n) => n <= 0 ? 1 : Recurse(n - 1);
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Science.Parity", "Parity → Even.Is → Odd.Is → Late.Now → DateTime.Now"));

    [Fact]
    public Task Follows_calls_eight_deep_but_not_nine() => VerifyAsync("""
        public static class Chain
        {
            public static long C1() => C2();
            public static long C2() => C3();
            public static long C3() => C4();
            public static long C4() => C5();
            public static long C5() => C6();
            public static long C6() => C7();
            public static long C7() => C8();
            public static long C8() => DateTime.Now.Ticks;

            public static long D1() => D2();
            public static long D2() => D3();
            public static long D3() => D4();
            public static long D4() => D5();
            public static long D5() => D6();
            public static long D6() => D7();
            public static long D7() => D8();
            public static long D8() => D9();
            public static long D9() => DateTime.Now.Ticks;
        }

        public static class Science
        {
            [App(Cache = true)]
            public static long Eight(int n) => n + {|#0:Chain.C1()|};

            [App(Cache = true)]
            public static long Nine(int n) => n + Chain.D1();
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Science.Eight",
            "Eight → Chain.C1 → Chain.C2 → Chain.C3 → Chain.C4 → Chain.C5 → Chain.C6 → Chain.C7 → Chain.C8 → DateTime.Now"));

    [Fact]
    public Task Calling_another_apps_stub_is_not_followed() => VerifyAsync("""
        public static class Science
        {
            [App]
            public static double Noise() => Random.Shared.NextDouble();

            public static AppFuture<double> NoiseAsync() => throw new NotSupportedException();

            [App(Cache = true)]
            public static double Total(int n) => n + NoiseAsync().TaskId;
        }
        """);

    [Theory]
    [InlineData("name.GetHashCode()", "String.GetHashCode() (differs from process to process)")]
    [InlineData("HashCode.Combine(name, steps)", "HashCode.Combine() (differs from process to process)")]
    [InlineData("StringComparer.Ordinal.GetHashCode(name)", "StringComparer.GetHashCode() (differs from process to process)")]
    [InlineData("new object().GetHashCode()", "Object.GetHashCode() (differs from process to process)")]
    public Task Reports_hash_codes_that_differ_between_processes(string expression, string description) => VerifyAsync($$"""
        public static class Science
        {
            [App(Cache = true)]
            public static int Bucket(string name, int steps) => {|#0:{{expression}}|} % 16;
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Science.Bucket", "Bucket → " + description));

    [Fact]
    public Task A_record_or_a_number_hashes_the_same_everywhere() => VerifyAsync("""
        public sealed record Sample(int Id);

        public static class Science
        {
            [App(Cache = true)]
            public static int Bucket(Sample sample, long steps) => (sample.Id.GetHashCode() + steps.GetHashCode()) % 16;
        }
        """);

    [Fact]
    public Task Reports_a_static_readonly_field_set_from_the_clock_or_holding_a_nondeterministic_delegate() => VerifyAsync("""
        public static class Clock
        {
            public static readonly DateTime Started = DateTime.UtcNow;
            public static readonly Func<double> Jitter = () => Random.Shared.NextDouble();
            public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
        }

        public static class Science
        {
            [App(Cache = true)]
            public static string Stamp(int steps) => {|#0:Clock.Started|}.ToString() + steps + Clock.Step;

            [App(Cache = true)]
            public static double Noisy(double x) => x + {|#1:Clock.Jitter|}();
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Science.Stamp", "Stamp → Clock.Started (set from DateTime.UtcNow when Clock initializes)"),
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 1, "Science.Noisy", "Noisy → Clock.Jitter (set from Random.Shared when Clock initializes)"));

    [Fact]
    public Task Follows_user_defined_operators_and_conversions() => VerifyAsync("""
        public readonly record struct Money(decimal Amount)
        {
            public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount + (decimal)Random.Shared.NextDouble());
            public static implicit operator Money(int cents) => new(cents / 100m + DateTime.Now.Second);
        }

        public static class Accounts
        {
            [App(Cache = true)]
            public static decimal Sum(decimal a, decimal b) => ({|#0:new Money(a) + new Money(b)|}).Amount;

            [App(Cache = true)]
            public static decimal FromCents(int cents) => ({|#1:(Money)cents|}).Amount;
        }
        """,
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 0, "Accounts.Sum", "Sum → Money.operator + → Random.Shared"),
        Diagnostic(DiagnosticDescriptors.NondeterministicCachedApp, 1, "Accounts.FromCents", "FromCents → Money.operator Money → DateTime.Now"));

    [Fact]
    public Task Stays_silent_where_an_api_is_only_named_or_an_object_only_locks() => VerifyAsync("""
        public static class Science
        {
            private static readonly object s_gate = new();

            [App(Cache = true)]
            public static string Describe(int steps)
            {
                lock (s_gate)
                    return nameof(DateTime.Now) + nameof(Guid.NewGuid) + steps;
            }
        }
        """);
}
