using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Parsl.Package.Tests;

/// <summary>The dashboard's .NET tool as a user gets it: installed from the feed, run against a workflow's monitoring
/// database, stopped with Ctrl-C.</summary>
public sealed class DashboardToolPackageTests : PackageTest
{
    [Fact]
    public async Task The_dashboard_tool_installs_from_the_feed_and_names_a_missing_database()
    {
        var tools = Feed.NewFolder("tools");
        Dotnet.Succeed(Feed.Root, "tool", "install", "Parsl.Dashboard.Tool", "--version", Feed.Version, "--tool-path", tools, "--add-source", Feed.FeedDirectory);

        using var dashboard = Process.Start(new ProcessStartInfo(Path.Combine(tools, "parsl-dashboard"), ["--db", "runinfo/monitoring.db"])
        {
            WorkingDirectory = Feed.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var errors = await dashboard.StandardError.ReadToEndAsync(timeout.Token);
        await dashboard.WaitForExitAsync(timeout.Token);
        Assert.Equal(1, dashboard.ExitCode);
        Assert.StartsWith("parsl-dashboard: The monitoring database runinfo/monitoring.db does not exist", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_as_a_local_tool_lists_a_workflows_run_over_http_until_ctrl_c()
    {
        // A workflow with the monitoring database on, run as a user runs it: its runinfo/monitoring.db is what is served.
        var project = NewConsoleProject("Monitored", "Parsl");
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Parsl;
            using Parsl.Monitoring;

            await using (var parsl = await DataFlowKernel.LoadAsync(new ParslConfig { Observers = [new MonitoringDatabase()] }))
            {
                var squares = Enumerable.Range(1, 10).Select(i => Lab.SquareAsync(i)).ToList();
                Console.WriteLine("sum: " + await Lab.SumAsync(squares));
                Console.WriteLine("run directory: " + parsl.RunDirectory);
            }

            static partial class Lab
            {
                [App]
                public static partial int Square(int x) => x * x;

                [App]
                public static partial int Sum(IReadOnlyList<int> values) => values.Sum();
            }

            """);
        Dotnet.Succeed(project, "build");
        var run = Dotnet.Succeed(project, "run", "--no-build");
        Assert.Contains("sum: 385", run.Output);
        var runDirectory = Regex.Match(run.Output, "^run directory: (.+)$", RegexOptions.Multiline).Groups[1].Value.TrimEnd('\r');
        Assert.True(File.Exists(Path.Combine(project, "runinfo", "monitoring.db")), run.ToString());

        // As the issue promises: `dotnet parsl-dashboard --db …`, from the project's own tool manifest.
        Dotnet.Succeed(project, "new", "tool-manifest");
        Dotnet.Succeed(project, "tool", "install", "--local", "Parsl.Dashboard.Tool", "--version", Feed.Version, "--add-source", Feed.FeedDirectory);

        using var dashboard = Dotnet.StartInOwnGroup(project, "parsl-dashboard", "--db", "runinfo/monitoring.db", "--port", "0");
        var errors = dashboard.StandardError.ReadToEndAsync();
        try
        {
            var url = await ReadUrlAsync(dashboard, errors);
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
            var runs = await http.GetStringAsync(url);

            Assert.Contains("<h1>Runs</h1>", runs);
            var row = Assert.Single(Regex.Matches(runs, """<tr data-run="[^"]+">.*?</tr>""", RegexOptions.Singleline));
            Assert.Contains($"""<td class="path">{runDirectory}</td>""", row.Value);
            Assert.Contains("11 tasks: 11 done", row.Value);

            // Ctrl-C, as a terminal sends it: to the dotnet host and the tool it started, which stop and leave nothing.
            Assert.True(Dotnet.SignalGroup(dashboard.Id, "INT"), "the dashboard's process group was gone before Ctrl-C");
            using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
                await dashboard.WaitForExitAsync(timeout.Token);
            Assert.True(dashboard.ExitCode == 0, $"exit code {dashboard.ExitCode}: {await errors}");
            var gone = Stopwatch.StartNew();
            while (Dotnet.SignalGroup(dashboard.Id, "0"))
            {
                Assert.True(gone.Elapsed < TimeSpan.FromSeconds(30), "a process of the dashboard's group outlived it");
                await Task.Delay(50);
            }
        }
        finally
        {
            Dotnet.SignalGroup(dashboard.Id, "KILL"); // a failed test leaves no server behind
        }
    }

    /// <summary>The URL from the tool's "Parsl dashboard for DB: URL" line, waiting for the line rather than a time.</summary>
    private static async Task<string> ReadUrlAsync(Process dashboard, Task<string> errors)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await dashboard.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            if (Regex.Match(line, @"^Parsl dashboard for runinfo/monitoring\.db: (http://127\.0\.0\.1:\d+/\S*)$") is { Success: true } printed)
                return printed.Groups[1].Value;
        Assert.Fail($"the dashboard ended (exit code {(dashboard.WaitForExit(10_000) ? dashboard.ExitCode : -1)}) before printing its URL: {await errors}");
        return "";
    }
}
