using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class CallOptionsTests
{
    private const string Usings = """
        using System;
        using Parsl;

        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync<CallOptionsAnalyzer>(Usings + source, expected);

    [Fact]
    public Task Reports_an_undeclared_executor_label_in_call_options() => VerifyAsync("""
        [assembly: ExecutorLabels("local", "midway")]

        public static class Workflow
        {
            public static AppCallOptions Run(string label) => new AppCallOptions { Executor = {|#0:"midwya"|}, Walltime = TimeSpan.FromSeconds(1) };
            public static AppCallOptions Fine() => new() { Executor = "midway" };
            public static AppCallOptions Computed(string label) => new() { Executor = label };
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnknownCallExecutorLabel, 0, "midwya", "'local', 'midway'"));

    [Fact]
    public Task Labels_are_not_checked_without_a_declaration() => VerifyAsync("""
        public static class Workflow
        {
            public static AppCallOptions Run() => new() { Executor = "anything" };
        }
        """);

    [Fact]
    public Task Reports_a_constant_path_written_like_a_template_but_not_an_interpolated_one() => VerifyAsync("""
        public static class Workflow
        {
            public static AppCallOptions Run(string protein) => new()
            {
                Stdout = {|#0:"out/{protein}.txt"|},
                Stderr = $"err/{protein}.txt",
            };
            public static AppCallOptions Braces() => new() { Stdout = "out/{{literal}}.txt" };
            public static AppCallOptions Auto() => new() { Stderr = AppCallOptions.AutoLogName };
        }
        """,
        Diagnostic(DiagnosticDescriptors.CallPathLooksLikeTemplate, 0, "Stdout", "out/{protein}.txt", "{protein}"));

    [Fact]
    public Task Other_types_with_the_same_property_names_are_left_alone() => VerifyAsync("""
        [assembly: ExecutorLabels("local")]

        public sealed class Settings { public string? Executor { get; set; } public string? Stdout { get; set; } }

        public static class Workflow
        {
            public static Settings Run() => new() { Executor = "gpu", Stdout = "out/{x}.txt" };
        }
        """);
}
