namespace Parsl.Generators.Tests;

/// <summary>The graphs the generator reads from [Workflow] methods: dataflow through every common C# shape.</summary>
public sealed class WorkflowGraphTests
{
    private const string Apps = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Parsl;

        namespace Lab;

        public static partial class Steps
        {
            [App] public static partial int Load(string name) => name.Length;
            [App] public static partial int Clean(int raw, int threshold) => raw;
            [App] public static partial double Mean(IReadOnlyList<int> values) => values.Average();
            [App] public static partial string Report(double mean, string title) => title;
            [App] public static partial int Retry(int value) => value;
        }

        """;

    [Fact]
    public void Futures_flow_through_locals_lists_arrays_collection_expressions_loops_and_linq()
    {
        var result = GeneratorHarness.RunClean(Apps + """
            public static partial class Pipeline
            {
                [Workflow]
                public static async Task<string> RunAsync(string[] names, bool strict)
                {
                    var cleaned = new List<AppFuture<int>>();
                    foreach (var name in names)
                    {
                        var raw = Steps.LoadAsync(name);
                        cleaned.Add(Steps.CleanAsync(raw, threshold: 3));
                    }
                    var extra = names.Select(n => Steps.LoadAsync(n)).ToArray();
                    var mean = Steps.MeanAsync([.. cleaned, .. extra]);
                    if (strict)
                        mean = Steps.MeanAsync([Steps.RetryAsync(Steps.LoadAsync("again"))]);
                    var awaited = await mean;
                    return await Steps.ReportAsync(awaited, "lab");
                }
            }
            """);

        Snapshot.Match(result);
    }

    [Fact]
    public void A_workflow_in_a_type_that_is_not_partial_is_reported()
    {
        DiagnosticMarkup.Verify(Apps + """
            public static class Pipeline
            {
                [Workflow]
                public static AppFuture<int> {|PARSL013:Run|}() => Steps.LoadAsync("x");
            }
            """);
    }
}
