using System.Diagnostics;
using Parsl.Executors.HighThroughput;

namespace Parsl.Tests;

/// <summary>A manager or worker whose assembly on disk is another build than the workflow's refuses to run, saying which.</summary>
public sealed class WorkflowBuildTests
{
    private static readonly string s_tests = typeof(WorkflowBuildTests).Assembly.Location;

    [Fact]
    public void The_workflows_own_build_is_accepted_and_another_is_refused_by_name()
    {
        var own = typeof(WorkflowBuildTests).Assembly.ManifestModule.ModuleVersionId;
        Assert.Equal(own, WorkflowBuild.IdOf(s_tests));
        WorkflowBuild.Verify(new HostArguments(["--assembly", s_tests, "--assembly-build", own.ToString("D")]), "worker", WorkflowBuild.IdOf);

        var other = Guid.NewGuid();
        var refusal = Assert.Throws<InvalidOperationException>(() =>
            WorkflowBuild.Verify(new HostArguments(["--assembly", s_tests, "--assembly-build", other.ToString("D")]), "worker", WorkflowBuild.IdOf));
        Assert.Equal($"Parsl.Tests.dll is not the build the workflow runs (the workflow's is {other:D}, the file at {s_tests} is {own:D}): it was rebuilt after " +
            "the workflow started, so this worker refuses to run its apps. Let a run finish before rebuilding its program, or start the workflow again.", refusal.Message);
    }

    [Fact]
    public async Task A_manager_started_for_another_build_exits_before_connecting_with_one_line_naming_it()
    {
        var directory = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "exec", "--depsfile", Path.Combine(directory, "Parsl.Tests.deps.json"), "--runtimeconfig", Path.Combine(directory, "Parsl.Tests.runtimeconfig.json"),
                     Path.Combine(directory, "Parsl.HighThroughput.dll"), "manager", "--interchange", "127.0.0.1:9", "--secret-file", Path.Combine(Path.GetTempPath(), "no-such-secret"),
                     "--assembly", s_tests, "--assembly-build", Guid.Empty.ToString("D") })
            start.ArgumentList.Add(argument);
        using var manager = Process.Start(start)!;
        var stderr = manager.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TestTimings.Scaled(TimeSpan.FromSeconds(60)));
        await manager.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, manager.ExitCode);
        var last = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches(@"^parsl manager \d+ failed: Parsl\.Tests\.dll is not the build the workflow runs \(the workflow's is 00000000-0000-0000-0000-000000000000, ", last);
    }
}
