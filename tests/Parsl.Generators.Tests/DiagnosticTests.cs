namespace Parsl.Generators.Tests;

public sealed class DiagnosticTests
{
    private const string Usings = "using System; using System.Collections.Generic; using Parsl;\n";

    [Fact]
    public void A_placeholder_that_names_no_parameter_is_reported_inside_the_string()
    {
        DiagnosticMarkup.Verify(Usings + """
            public static partial class Tools
            {
                [BashApp("dock.sh {protein} {|PARSL006:{ligand}|} --min {minRad}", Stdout = "out/{|PARSL006:{protien}|}.txt")]
                public static partial BashResult Dock(string protein, double minRad);
            }
            """);
    }

    [Fact]
    public void The_unknown_placeholder_message_names_the_app_and_the_parameters_to_use()
    {
        var diagnostic = Assert.Single(DiagnosticMarkup.Of(Usings + """
            public static partial class Tools
            {
                [BashApp("dock.sh {protien}")]
                public static partial BashResult Dock(string protein, double minRad);
            }
            """));

        Assert.Equal("'{protien}' in the command template of bash app 'Tools.Dock' names no parameter; use one of: {protein}, {minRad} (write '{{' for a literal brace)", diagnostic.GetMessage());
    }

    [Fact]
    public void Well_formed_templates_with_shell_braces_draw_nothing()
    {
        DiagnosticMarkup.Verify(Usings + """
            public static partial class Tools
            {
                [BashApp("for f in {a,b}.txt; do echo ${HOME} {{x}} {1..3}; done; {x:F2} { true; }")]
                public static partial BashResult Loop(double x);
            }
            """);
    }

    [Fact]
    public void An_unclosed_placeholder_is_malformed()
    {
        DiagnosticMarkup.Verify(Usings + """
            public static partial class Tools
            {
                [BashApp("dock.sh {|PARSL007:{|}protein --min 1")]
                public static partial BashResult Dock(string protein);
            }
            """);
    }

    [Fact]
    public void App_shape_errors_are_reported_on_the_method()
    {
        DiagnosticMarkup.Verify(Usings + """
            public static partial class Shapes
            {
                [App] public static double {|PARSL001:NotPartial|}(int x) => x;
                [App] public partial double {|PARSL003:NotStatic|}(int x) => x;
                [App] public static partial T {|PARSL004:Generic|}<T>(T x) => x;
                [App] public static partial int WithRef(ref int {|PARSL005:x|}) => x;
                [App] public static partial int WithSpan(ReadOnlySpan<int> {|PARSL005:xs|}) => xs.Length;
                [App] public static partial {|PARSL012:int|} NoBody(int x);
                [App] public static partial {|PARSL012:AppFuture<int>|} ReturnsFuture(int x) => null!;
                [BashApp("echo hi")] public static partial {|PARSL008:string|} TemplateReturnsString();
                [BashApp("echo hi")] public static partial {|PARSL008:BashResult|} TemplateWithBody() => null!;
                [BashApp] public static partial {|PARSL008:BashResult|} BodyReturnsResult() => null!;
                [JoinApp] public static partial {|PARSL009:int|} JoinReturnsValue(int x) => x;
            }
            """);
    }

    [Fact]
    public void An_output_that_is_not_a_data_file_or_belongs_to_a_join_app_is_refused()
    {
        var diagnostic = Assert.Single(DiagnosticMarkup.Of(Usings + """
            public static partial class Files
            {
                [App] public static partial int Write([Output] string path) => 1;
            }
            """));

        Assert.Equal("PARSL005", diagnostic.Id);
        Assert.Equal(
            "Parameter 'path' of app 'Files.Write' is an [Output] of type 'string', which an app cannot take: an output names one file the app writes, so it is a DataFile; make it one, or drop [Output]",
            diagnostic.GetMessage());
        DiagnosticMarkup.Verify(Usings + """
            public static partial class Files
            {
                [App] public static partial int Many([Output] DataFile[] {|PARSL005:files|}) => 1;
                [JoinApp] public static partial AppFuture<int> Join([Output] DataFile {|PARSL005:file|}) => null!;
                [App] public static partial int One(DataFile input, [Output] DataFile file) => 1;
            }
            """);
    }

    [Fact]
    public void A_future_typed_parameter_is_refused_with_the_type_to_take_instead()
    {
        var diagnostic = Assert.Single(DiagnosticMarkup.Of(Usings + """
            public static partial class Stats
            {
                [App] public static partial int Twice(AppFuture<int> x) => x.Result() * 2;
            }
            """));

        Assert.Equal("PARSL005", diagnostic.Id);
        Assert.Equal(
            "Parameter 'x' of app 'Stats.Twice' is a future ('Parsl.AppFuture<int>'), which an app cannot take: take 'int' instead: every parameter of the app's stub accepts a value, an app's future or a Task, and the app runs once it is done",
            diagnostic.GetMessage());
        DiagnosticMarkup.Verify(Usings + """
            public static partial class Stats
            {
                [App] public static partial int Twice(Future<int> {|PARSL005:x|}) => 2;
                [App] public static partial int Thrice(System.Threading.Tasks.Task<int> {|PARSL005:x|}) => 3;
            }
            """);
    }

    [Fact]
    public void The_containing_type_must_be_partial_accessible_and_not_generic()
    {
        DiagnosticMarkup.Verify(Usings + """
            public static class NotPartialType
            {
                [App] public static partial int {|PARSL002:A|}(int x) => x;
            }
            public static partial class Outer
            {
                private static partial class Hidden
                {
                    [App] public static partial int {|PARSL011:B|}(int x) => x;
                }
            }
            public partial class Box<T>
            {
                [App] public static partial int {|PARSL004:C|}(int x) => x;
            }
            """);
    }

    [Fact]
    public void Overloaded_apps_are_reported_after_the_first()
    {
        DiagnosticMarkup.Verify(Usings + """
            public static partial class Overloads
            {
                [App] public static partial int Run(int x) => x;
                [App] public static partial int {|PARSL010:Run|}(string x) => x.Length;
            }
            """);
    }
}
