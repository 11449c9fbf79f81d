using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Parsl.Generators.Tests;

/// <summary>The generator must stay cheap in the IDE: unrelated edits reuse every step, and no step holds compiler objects.</summary>
public sealed class IncrementalTests
{
    private const string Apps = """
        using Parsl;
        namespace Demo;
        public static partial class Science
        {
            [App] public static partial double Simulate(int steps) => steps;
            [BashApp("dock.sh {p}", Stdout = "{p}.txt")] public static partial BashResult Dock(string p);
            [JoinApp] public static partial AppFuture<double> Twice(int steps) => SimulateAsync(steps);
        }
        public static partial class Reports
        {
            [App] public static partial string Summary(double mean) => $"mean {mean}";
        }
        """;

    private static readonly string[] s_trackedSteps =
        [AppGenerator.Steps.CodeApps, AppGenerator.Steps.BashApps, AppGenerator.Steps.JoinApps, AppGenerator.Steps.Apps,
         AppGenerator.Steps.AppGroups, AppGenerator.Steps.Registry];

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compile(Apps);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int X => 1; }", GeneratorHarness.ParseOptions));

        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in s_trackedSteps)
        {
            var outputs = second.TrackedSteps[step].SelectMany(s => s.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"step {step} was {output.Reason}"));
        }
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_an_app_body_regenerates_nothing()
    {
        var compilation = GeneratorHarness.Compile(Apps);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Apps.Replace("=> steps;", "=> steps * 2;"))));

        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output was {output.Reason}"));
    }

    [Fact]
    public void Changing_an_app_signature_regenerates_its_type_and_no_other()
    {
        var compilation = GeneratorHarness.Compile(Apps);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree,
            tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Apps.Replace("Simulate(int steps) => steps;", "Simulate(long steps) => steps;"))));

        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(second.TrackedSteps[AppGenerator.Steps.CodeApps].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("global::Parsl.Future<long> steps", second.GeneratedSources.Single(s => s.HintName == "Demo.Science.g.cs").SourceText.ToString());
        var groups = second.TrackedSteps[AppGenerator.Steps.AppGroups].SelectMany(s => s.Outputs).ToList();
        Assert.Equal(2, groups.Count);
        Assert.Single(groups, o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(groups, o => o.Reason == IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void No_step_output_holds_a_symbol_a_syntax_node_or_a_compilation()
    {
        var result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Apps)).GetRunResult().Results.Single();

        foreach (var step in s_trackedSteps)
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
                AssertNoCompilerObjects(output.Value, $"step {step}", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
            return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree or Location,
            $"{path} holds a {value.GetType().Name}, which defeats the incremental cache");
        if (value is DiagnosticDescriptor)
            return;
        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var item in sequence)
                AssertNoCompilerObjects(item, $"{path}[{i++}]", visited);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertNoCompilerObjects(field.GetValue(value), $"{path}.{field.Name}", visited);
    }
}
