using System.Text.RegularExpressions;

namespace Parsl.Dashboard.Tests;

/// <summary>The dashboard of a running workflow from its YAML config: <c>monitoring: { dashboard: true }</c>.</summary>
[Collection(DashboardCollection.Name)]
public sealed class YamlSwitchTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("parsl-dashboard-yaml-").FullName;

    [Fact]
    public async Task Dashboard_true_serves_the_run_from_its_database_and_prints_the_url_to_stderr()
    {
        var config = ParslConfig.FromYaml(Write($"""
            executors:
              - type: threads
                label: local
            run_directory: {Path.Combine(_scratch, "runinfo")}
            monitoring: {"{"} dashboard: true {"}"}
            """)) with { ExitOnCtrlC = false, PrintFailureReport = false };
        Assert.Collection(config.Observers, first => Assert.IsType<Parsl.Monitoring.MonitoringDatabase>(first), second => Assert.IsType<LiveDashboard>(second));

        var stderr = Console.Error;
        var printed = new StringWriter();
        Console.SetError(printed);
        try
        {
            await using (await DataFlowKernel.LoadAsync(config))
                Assert.Equal(49, await DashboardApps.SquareAsync(7));
        }
        finally
        {
            Console.SetError(stderr);
        }
        await using var dashboard = config.Observers.OfType<LiveDashboard>().Single();
        var url = Regex.Match(printed.ToString(), @"Parsl dashboard: (http://127\.0\.0\.1:\d+/runs/latest)").Groups[1].Value;
        Assert.True(url.Length > 0, $"no dashboard URL on stderr: '{printed}'");

        // Still served after the run: the page shows it finished, with its one task.
        using var http = new HttpClient();
        var page = await http.GetStringAsync(url);
        Assert.Contains("<span class=\"total\">1 task</span>", page, StringComparison.Ordinal);
        Assert.Contains("s-finished", page, StringComparison.Ordinal);
        ((Parsl.Monitoring.MonitoringDatabase)config.Observers[0]).Dispose();
    }

    [Fact]
    public void A_dashboard_for_other_machines_without_a_token_is_a_config_error_that_says_so()
    {
        var error = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("monitoring: { dashboard: { listen: 0.0.0.0 } }\n")));
        Assert.Contains("config.monitoring.dashboard: listen is 0.0.0.0, which other machines reach: give a token too", error.Message, StringComparison.Ordinal);

        var bad = Assert.Throws<ConfigFileException>(() => ParslConfig.FromYaml(Write("monitoring: { dashboard: { listen: cluster-head } }\n")));
        Assert.Contains("listen is 'cluster-head', not an IP address", bad.Message, StringComparison.Ordinal);

        var dashboard = Assert.IsType<LiveDashboard>(ParslConfig.FromYaml(Write("monitoring: { dashboard: { port: 8050, listen: 0.0.0.0, token: t0k } }\n")).Observers[1]);
        Assert.Equal((8050, System.Net.IPAddress.Any, "t0k"), (dashboard.Port, dashboard.ListenAddress, dashboard.Token));
        Assert.Single(ParslConfig.FromYaml(Write("monitoring: { dashboard: false }\n")).Observers);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_scratch, "config.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
