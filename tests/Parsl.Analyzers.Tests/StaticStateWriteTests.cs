using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class StaticStateWriteTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Text;
        using System.Threading;
        using Parsl;

        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync<StaticStateWriteAnalyzer>(Usings + source, expected);

    [Fact]
    public Task Reports_assignments_increments_and_references_to_static_fields_and_properties() => VerifyAsync("""
        public static class Counters
        {
            public static int Calls;
            public static double Total;
            public static string Last { get; set; } = "";
            public static int[] Slots = new int[4];
        }

        public static class Science
        {
            [App]
            public static double Simulate(int steps)
            {
                {|#0:Counters.Calls++|};
                {|PARSL025:Counters.Total += steps|};
                {|PARSL025:Counters.Last = "simulate"|};
                {|PARSL025:Counters.Slots[0] = steps|};
                Interlocked.Increment(ref {|#1:Counters.Calls|});
                return steps;
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.StaticStateWrite, 0, "Science.Simulate", "Simulate → Counters.Calls++"),
        Diagnostic(DiagnosticDescriptors.StaticStateWrite, 1, "Science.Simulate", "Simulate → Interlocked.Increment(ref Counters.Calls)"));

    [Fact]
    public Task Reports_changes_to_static_collections() => VerifyAsync("""
        public static class Log
        {
            public static readonly List<string> Lines = new();
            public static readonly ConcurrentQueue<string> Events = new();
            public static readonly Dictionary<string, int> Counts = new();
            public static readonly StringBuilder Text = new();
        }

        public static class Tools
        {
            [App]
            public static int Record(string message)
            {
                {|#0:Log.Lines.Add(message)|};
                {|PARSL025:Log.Events.Enqueue(message)|};
                {|PARSL025:Log.Counts[message] = 1|};
                {|PARSL025:Log.Text.AppendLine(message)|};
                return Log.Lines.Count + (Log.Counts.TryGetValue(message, out var n) ? n : 0);
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.StaticStateWrite, 0, "Tools.Record", "Record → Log.Lines.Add()"));

    [Fact]
    public Task Reports_writes_to_library_static_state() => VerifyAsync("""
        public static class Tools
        {
            [App]
            public static string Format(double value)
            {
                {|#0:System.Globalization.CultureInfo.DefaultThreadCurrentCulture = System.Globalization.CultureInfo.InvariantCulture|};
                return value.ToString();
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.StaticStateWrite, 0, "Tools.Format", "Format → CultureInfo.DefaultThreadCurrentCulture = …"));

    [Fact]
    public Task Follows_calls_and_reports_the_chain() => VerifyAsync("""
        public static class Registry
        {
            private static readonly List<string> s_seen = new();
            public static void Remember(string name) => Store(name);
            private static void Store(string name) => s_seen.Add(name);
        }

        public static class Science
        {
            [JoinApp]
            public static AppFuture<int> Plan(string name)
            {
                {|#0:Registry.Remember(name)|};
                throw new NotSupportedException();
            }
        }
        """,
        Diagnostic(DiagnosticDescriptors.StaticStateWrite, 0, "Science.Plan", "Plan → Registry.Remember → Registry.Store → Registry.s_seen.Add()"));

    [Fact]
    public Task Local_state_instance_state_and_non_apps_draw_nothing() => VerifyAsync("""
        public sealed class Accumulator
        {
            private readonly List<double> _values = new();
            public double Sum;
            public void Add(double value) { _values.Add(value); Sum += value; }
        }

        public static class Setup
        {
            public static int Configured;
            public static void Configure() => Configured = 1;
        }

        public static class Science
        {
            private static readonly string s_name = "science";

            [App]
            public static double Simulate(double[] xs)
            {
                var accumulator = new Accumulator();
                var seen = new List<double>();
                foreach (var x in xs) { accumulator.Add(x); seen.Add(x); }
                var name = s_name.Replace("s", "S");
                return accumulator.Sum + seen.Count + name.Length;
            }
        }
        """);
}
