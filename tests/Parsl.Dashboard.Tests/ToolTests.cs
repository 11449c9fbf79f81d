using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Parsl.Dashboard.Tool;

namespace Parsl.Dashboard.Tests;

/// <summary><c>parsl-dashboard</c>: its errors (in process, through its command), and a real run of the tool until Ctrl-C.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ToolTests(FinishedRun run) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-dashboard-tool-").FullName;

    [Theory]
    [InlineData(new string[0], "--db is required")]
    [InlineData(new[] { "--db" }, "--db needs a value")]
    [InlineData(new[] { "--db", "x.db", "--port", "http" }, "--port takes a TCP port from 0 to 65535, not 'http'")]
    [InlineData(new[] { "--db", "x.db", "--listen", "somewhere" }, "--listen takes an IP address (0.0.0.0 for every interface), not 'somewhere'")]
    [InlineData(new[] { "--db", "x.db", "--verbose" }, "'--verbose' is not an option of parsl-dashboard")]
    public async Task A_command_line_it_does_not_understand_exits_2_with_the_reason_and_the_usage(string[] args, string reason)
    {
        var (code, output, errors) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(reason, errors, StringComparison.Ordinal);
        Assert.Contains("Usage: parsl-dashboard --db PATH", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_database_exits_1_naming_the_file()
    {
        var path = Path.Combine(_scratch, "runinfo", "monitoring.db");
        var (code, _, errors) = await RunAsync(["--db", path]);
        Assert.Equal(1, code);
        Assert.StartsWith($"parsl-dashboard: The monitoring database {path} does not exist: give the monitoring.db", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_monitoring_database_exits_1_saying_so()
    {
        var path = Path.Combine(_scratch, "readme.txt");
        await File.WriteAllTextAsync(path, new string('#', 2048));
        var (code, _, errors) = await RunAsync(["--db", path]);
        Assert.Equal(1, code);
        Assert.Contains($"{path} is not a SQLite database", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listening_elsewhere_without_a_token_exits_1_saying_a_token_is_needed()
    {
        var (code, _, errors) = await RunAsync(["--db", run.DatabasePath, "--listen", "0.0.0.0"]);
        Assert.Equal(1, code);
        Assert.Contains("will not listen on 0.0.0.0 without a token", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        var (code, output, _) = await RunAsync(["--help"]);
        Assert.Equal(0, code);
        Assert.Contains("--listen ADDRESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tool_prints_its_url_serves_the_database_and_stops_on_ctrl_c()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "parsl-dashboard.dll");
        Assert.True(File.Exists(tool), $"{tool} is missing: the test project references Parsl.Dashboard.Tool to have it built");
        // env puts SIGINT back to its default: a test run started in the background of a non-interactive shell ignores
        // it, and the tool would inherit that and never see the Ctrl-C the test sends.
        using var process = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT", "dotnet", tool, "--db", run.DatabasePath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? "";
            var url = Regex.Match(line, @"Parsl dashboard for .*: (http://127\.0\.0\.1:\d+/)$").Groups[1].Value;
            Assert.True(url.Length > 0, $"no URL in the tool's first line: '{line}' (stderr: {await ReadWhatIsThereAsync(process.StandardError)})");

            using var http = new HttpClient();
            var runs = await http.GetStringAsync(url, timeout.Token);
            Assert.Contains($"data-run=\"{run.RunId}\"", runs, StringComparison.Ordinal);

            // Ctrl-C is SIGINT.
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(url));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(string[] args)
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await DashboardCommand.RunAsync(args, output, errors, CancellationToken.None);
        return (code, output.ToString(), errors.ToString());
    }

    private static async Task<string> ReadWhatIsThereAsync(StreamReader reader)
    {
        using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            return await reader.ReadToEndAsync(brief.Token);
        }
        catch (OperationCanceledException)
        {
            return "(nothing yet)";
        }
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
