namespace Parsl.Tests;

public sealed class AppRegistryTests
{
    [Fact]
    public void Generated_metadata_describes_each_app_without_reflection()
    {
        var mean = AppRegistry.Find("Parsl.Tests.TestApps.Mean");

        Assert.NotNull(mean);
        Assert.Equal(AppKind.Code, mean.Kind);
        Assert.Equal("double", mean.ReturnTypeName);
        var xs = Assert.Single(mean.Parameters);
        Assert.Equal(new AppParameter("xs", "System.Collections.Generic.IReadOnlyList<double>"), xs);
        Assert.True(xs.AcceptsFutures);
        Assert.Empty(mean.Executors);
        Assert.False(mean.Cache);
        Assert.Equal("TestApps.cs", mean.SourceFile);
    }

    [Fact]
    public void Bash_metadata_carries_templates_walltime_and_executors()
    {
        var hang = AppRegistry.Find("Parsl.Tests.BashTestApps.Hang")!;
        var both = AppRegistry.Find("Parsl.Tests.BashTestApps.Both")!;
        var midway = AppRegistry.Find("Parsl.Tests.TestApps.OnMidway")!;
        var waiting = AppRegistry.Find("Parsl.Tests.TestApps.WaitForCancellation")!;

        Assert.Equal(AppKind.Bash, hang.Kind);
        Assert.Equal("sleep 60 & echo $! > {pidFile}; wait", hang.CommandTemplate);
        Assert.Equal(TimeSpan.FromSeconds(0.5), hang.Walltime);
        Assert.Equal("{stdout}", both.Stdout);
        Assert.Equal("{stderr}", both.Stderr);
        Assert.Equal(["midway"], midway.Executors);
        Assert.True(Assert.Single(waiting.Parameters).IsCancellationToken);
        Assert.False(waiting.Parameters[0].AcceptsFutures);
        Assert.Equal(AppKind.Join, AppRegistry.Find("Parsl.Tests.TestApps.SumOfSquares")!.Kind);
    }
}
