using static Parsl.Analyzers.Tests.Verify;

namespace Parsl.Analyzers.Tests;

public class UnquotedBashCommandTests
{
    private const string Usings = """
        using System;
        using Parsl;

        """;

    private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected) =>
        AnalyzerAsync<UnquotedBashCommandAnalyzer>(Usings + source, expected);

    [Fact]
    public Task Reports_concatenation_with_the_app_and_how() => VerifyAsync("""
        public static class Tools
        {
            [BashApp]
            public static string Dock(string protein, double radius) => {|#0:"dock.sh " + protein + " --min " + radius|};
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnquotedBashCommand, 0, "Tools.Dock", "string concatenation"));

    [Fact]
    public Task Reports_an_interpolated_string() => VerifyAsync("""
        public static class Tools
        {
            [BashApp(Stdout = "out.txt")]
            public static string Dock(string protein) => {|#0:$"dock.sh {protein}"|};
        }
        """,
        Diagnostic(DiagnosticDescriptors.UnquotedBashCommand, 0, "Tools.Dock", "an interpolated string"));

    [Fact]
    public Task Follows_locals_conditionals_and_every_return() => VerifyAsync("""
        public static class Tools
        {
            [BashApp]
            public static string Run(string input, bool verbose, int n)
            {
                if (n < 0)
                    return {|PARSL024:string.Format("seq {0}", n)|};
                var command = {|PARSL024:"process " + input|};
                {|PARSL024:command += " --n " + n|};
                return verbose ? {|PARSL024:$"{command} -v"|} : command;
            }
        }
        """);

    [Fact]
    public Task Safe_and_constant_commands_draw_nothing() => VerifyAsync("""
        public static class Tools
        {
            private const string Program = "dock.sh";

            [BashApp]
            public static string Dock(string protein, double radius) => ShellCommand.Format($"{Program} {protein} --min {radius:F2}");

            [BashApp]
            public static string Constant() => "echo " + Program + $" {Program} done";

            [BashApp]
            public static string Quoted(string word)
            {
                Func<string, string> label = w => "label " + w;
                return {|#0:"echo " + ShellCommand.Quote(label(word))|};
            }

            [BashApp("dock.sh {protein}")]
            public static BashResult Template(string protein) => throw new NotSupportedException();

            [App]
            public static string NotBash(string name) => "hello " + name;
        }
        """,
        // ShellCommand.Quote makes the value safe, but the concatenation is still flagged: Format is the one safe form.
        Diagnostic(DiagnosticDescriptors.UnquotedBashCommand, 0, "Tools.Quoted", "string concatenation"));
}
