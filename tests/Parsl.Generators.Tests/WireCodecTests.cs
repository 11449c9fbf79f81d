using Microsoft.CodeAnalysis;

namespace Parsl.Generators.Tests;

/// <summary>The codecs the generator writes for worker processes, and PARSL014 for types that cannot travel.</summary>
public sealed class WireCodecTests
{
    private static string Generated(GeneratorDriverRunResult result, string file) =>
        Assert.Single(result.GeneratedTrees, t => t.FilePath.EndsWith(file, StringComparison.Ordinal)).ToString();

    [Fact]
    public void Data_of_every_supported_shape_gets_a_codec_that_compiles_cleanly()
    {
        var result = GeneratorHarness.RunClean("""
            using System;
            using System.Collections.Generic;
            using Parsl;

            public enum Phase : byte { Solid, Liquid }
            public readonly record struct Point(double X, double Y);
            public sealed record Sample(string Name, int[][] Grid, List<Point> Path, Dictionary<string, List<int>> Index, Phase? Phase, Sample? Parent);
            public sealed class Settings { public string Mode { get; init; } = ""; public int Level { get; set; } public Guid Id; }

            public static partial class Shapes
            {
                [App]
                public static partial Sample Transform(Sample sample, Settings settings, IReadOnlyList<Point> points, IEnumerable<string> names,
                    byte[] blob, (int Count, string Label) pair, KeyValuePair<string, double> entry, DateTimeOffset when, decimal amount, char mark) => sample;

                [App]
                public static partial IReadOnlyDictionary<string, Point[]> Index(DataFile file, TimeSpan? limit) => new Dictionary<string, Point[]>();
            }
            """);

        var source = Generated(result, "Shapes.g.cs");
        Assert.Contains("codec: new(", source);
        Assert.DoesNotContain("Unavailable", source);
        Assert.Contains("return new global::Sample(m0, m1, m2, m3, m4, m5);", source);
        Assert.Contains("return new global::Settings() { Mode = m0, Level = m1, Id = m2 };", source);
    }

    [Fact]
    public void An_app_that_may_run_anywhere_with_a_type_that_cannot_travel_is_warned_about_naming_app_parameter_and_type()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run("""
            using System;
            using Parsl;

            public static partial class Tools
            {
                [App]
                public static partial double Score(double x, Func<double, double> transform) => transform(x);
            }
            """).Result.Diagnostics);

        Assert.Equal("PARSL014", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("App 'Score' cannot run on a worker executor: its parameter 'transform' has type 'System.Func<double, double>', which is code (a delegate), which has no value to hash or send", diagnostic.GetMessage());
        // No serializer carries code: the fix offered is where the app runs, or what it is given.
        Assert.Contains("pin the app to a thread executor with Executors (e.g. [App(Executors = [\"local\"])])", diagnostic.GetMessage());
        Assert.DoesNotContain("JsonSerializerContext", diagnostic.GetMessage());
    }

    [Fact]
    public void A_result_that_cannot_travel_is_reported_at_the_return_type()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run("""
            using System.IO;
            using Parsl;

            public static partial class Tools
            {
                [App]
                public static partial Stream Open(string path) => File.OpenRead(path);
            }
            """).Result.Diagnostics);

        Assert.Equal("PARSL014", diagnostic.Id);
        Assert.Contains("its result has type 'System.IO.Stream', which is a stream, read once and with no value to hash or send; pass a DataFile or a path", diagnostic.GetMessage());
        Assert.Contains("pin the app to a thread executor", diagnostic.GetMessage());
        Assert.DoesNotContain("JsonSerializerContext", diagnostic.GetMessage());
        var at = diagnostic.Location.GetLineSpan();
        Assert.Equal((6, 26, 6), (at.StartLinePosition.Line, at.StartLinePosition.Character, diagnostic.Location.SourceSpan.Length)); // 'Stream'
    }

    [Fact]
    public void A_custom_collection_is_not_taken_apart_member_by_member()
    {
        var diagnostic = Assert.Single(GeneratorHarness.Run("""
            using System.Collections.Generic;
            using Parsl;

            public sealed class Bag : List<int> { public Bag() { } public string Label { get; set; } = ""; }

            public static partial class Tools
            {
                [App]
                public static partial int Count(Bag bag) => bag.Count;
            }
            """).Result.Diagnostics);

        Assert.Contains("is a collection Parsl does not know (arrays, lists, sets, dictionaries and their immutable and frozen forms are known)", diagnostic.GetMessage());
        Assert.Contains("list it in a JsonSerializerContext", diagnostic.GetMessage()); // data: a serializer can carry it
    }

    [Fact]
    public void A_pinned_app_is_not_warned_about_and_its_codec_says_why_it_cannot_travel()
    {
        var (result, output) = GeneratorHarness.Run("""
            using System.Threading;
            using Parsl;

            public static partial class Tools
            {
                [App(Executors = ["local"])]
                public static partial int Wait(ManualResetEventSlim gate) { gate.Wait(); return 1; }
            }
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("Unavailable(\"app Tools.Wait cannot run in a worker process: its parameter 'gate' has type System.Threading.ManualResetEventSlim, which is a live object (a lock, a connection, a process, a concurrent collection), not data\")",
            Generated(result, "Tools.g.cs"));
    }

    [Fact]
    public void A_type_listed_in_a_json_context_of_the_project_travels_through_that_context()
    {
        var result = GeneratorHarness.Run("""
            using System.Text.Json.Serialization;
            using Parsl;

            public abstract class Shape { public double Area { get; set; } }

            [JsonSerializable(typeof(Shape))]
            internal sealed partial class ShapeJson : JsonSerializerContext;

            public static partial class Tools
            {
                [App]
                public static partial double Area(Shape shape) => shape.Area;
            }
            """).Result;

        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "PARSL014");
        Assert.Contains("w.WriteJson(v.Item1, (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<global::Shape>)global::ShapeJson.Default.GetTypeInfo(typeof(global::Shape))!);",
            Generated(result, "Tools.g.cs"));
    }

    [Fact]
    public void Join_apps_get_no_codec_because_they_stay_in_the_workflow_process()
    {
        var result = GeneratorHarness.RunClean("""
            using System;
            using Parsl;

            public static partial class Tools
            {
                [App]
                public static partial int Twice(int x) => 2 * x;

                [JoinApp]
                public static partial AppFuture<int> Apply(Func<int, int> pick) => TwiceAsync(pick(1));
            }
            """);

        var source = Generated(result, "Tools.g.cs");
        Assert.Equal(1, source.Split("codec:").Length - 1);
    }
}
