namespace Parsl.Generators.Tests;

/// <summary>What a user gets for each shape of app, pinned as checked-in files a reviewer can read.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Code_apps_with_values_collections_void_async_and_cancellation()
    {
        var result = GeneratorHarness.RunClean("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Parsl;

            namespace Demo;

            public static partial class Science
            {
                [App]
                public static partial double Simulate(int steps, int seed) => steps * 0.5 + seed;

                [App(Executors = ["local"], Cache = true)]
                internal static partial double Mean(IReadOnlyList<double> xs, List<string> labels) => xs.Average();

                [App]
                public static partial void Log(string? message) { }

                [App]
                public static partial Task<string> Fetch(string url, CancellationToken cancellationToken) => Task.FromResult(url);
            }
            """);

        Snapshot.Match(result);
    }

    [Fact]
    public void Bash_apps_in_template_and_body_form()
    {
        var result = GeneratorHarness.RunClean("""
            using Parsl;

            namespace Demo.Screening;

            public static partial class Tools
            {
                public partial class Docking
                {
                    [BashApp("dock.sh {protein} {ligand} --min {minRad:F2} ${HOME} {{literal}}", Stdout = "out/{protein}-{ligand}.txt", Stderr = "err.txt", WalltimeSeconds = 60)]
                    public static partial BashResult Dock(string protein, string ligand, double minRad);

                    [BashApp(Stdout = "echo-hello.stdout", Append = true)]
                    public static partial string EchoHello() => "echo \"Hello World!\"";
                }
            }
            """);

        Snapshot.Match(result);
    }

    [Fact]
    public void Apps_that_run_in_an_image()
    {
        var result = GeneratorHarness.RunClean("""
            using Parsl;

            namespace Demo.Pipeline;

            public static partial class Tools
            {
                [BashApp("samtools sort {input} -o {output}", Image = "localhost/samtools:1.17")]
                public static partial BashResult Sort(string input, string output);

                [BashApp("blastn -query {query}", Image = "/images/blast.sif", ContainerRuntime = ContainerRuntime.Apptainer)]
                public static partial BashResult Blast(string query);

                [App(Image = "localhost/workers:1")]
                public static partial int Score(int x) => x * 2;
            }
            """);

        Snapshot.Match(result);
    }

    [Fact]
    public void Join_apps_and_apps_in_the_global_namespace()
    {
        var result = GeneratorHarness.RunClean("""
            using Parsl;

            public static partial class Pipeline
            {
                [App]
                public static partial int Square(int x) => x * x;

                [JoinApp]
                public static partial AppFuture<int> SquareOfSquare(int x) => SquareAsync(SquareAsync(x));
            }
            """);

        Snapshot.Match(result);
    }

    [Fact]
    public void Cached_apps_get_a_code_hash_and_a_generated_memo_key_writer_shared_by_apps_taking_the_same_records()
    {
        var result = GeneratorHarness.RunClean("""
            using System.Collections.Generic;
            using Parsl;

            namespace Demo;

            public enum Mode { Fast, Exact }

            public sealed record Node(string Name, int? Weight, List<Node> Children);

            public static partial class Cached
            {
                [App(Cache = true, Retries = 2, WalltimeSeconds = 30)]
                public static partial double Score(Node tree, Mode mode, DataFile input, double[] weights, [IgnoreForCache] string logPath) => 0;

                [App(Cache = true)]
                public static partial int Count(Node tree) => tree.Children.Count;
            }
            """);

        Snapshot.Match(result);
    }
}
