using System.Globalization;
using System.Text;

namespace Parsl.Bench.Compile;

/// <summary>
/// Writes the source of a project with N apps, shaped like real workflows: plain code apps, cached apps taking records
/// and calling helpers (which the nondeterminism analysis follows), bash apps with templates, and one workflow method
/// per file calling them.
/// </summary>
internal static class SyntheticProject
{
    public const int AppsPerFile = 20;

    public static IReadOnlyList<string> Files(int apps)
    {
        var files = new List<string>();
        for (var file = 0; file * AppsPerFile < apps; file++)
        {
            var source = new StringBuilder();
            source.Append(CultureInfo.InvariantCulture, $$"""
                using System.Collections.Generic;
                using System.Linq;
                using Parsl;

                namespace Synthetic.Part{{file}};

                public sealed record Sample{{file}}(string Name, int[] Values);

                public static partial class Helpers{{file}}
                {
                    public static double Smooth(double x, int depth) => depth == 0 ? x : Smooth(x * 0.5 + 1, depth - 1);
                }

                public static partial class Apps{{file}}
                {

                """);
            var count = Math.Min(AppsPerFile, apps - file * AppsPerFile);
            for (var i = 0; i < count; i++)
            {
                source.Append((i % 4) switch
                {
                    0 => $"    [App] public static partial double Compute{i}(int steps, double scale) => steps * scale;\n",
                    1 => $"    [App(Cache = true)] public static partial double Cached{i}(Sample{file} sample, int depth) => Helpers{file}.Smooth(sample.Values.Sum(), depth);\n",
                    2 => $"    [BashApp(\"simulate --steps {{steps}} --name {{name}}\", Stdout = \"out/{{name}}-{i}.txt\")] public static partial BashResult Run{i}(int steps, string name);\n",
                    _ => $"    [App] public static partial double Mean{i}(IReadOnlyList<double> xs) => xs.Average();\n",
                });
            }
            source.Append(CultureInfo.InvariantCulture, $$"""

                    [Workflow]
                    public static AppFuture<double> Pipeline(int n)
                    {
                        var partial = new List<AppFuture<double>>();
                        for (var i = 0; i < n; i++)
                            partial.Add(Compute0Async(i, 2.0));
                        return Mean3Async(partial);
                    }
                }
                """);
            files.Add(source.ToString());
        }
        return files;
    }
}
