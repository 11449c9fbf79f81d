using Parsl.Executors;
using Parsl.Executors.HighThroughput;

namespace Parsl.Tests;

/// <summary>The command line a block runs when its workers run inside an image: exactly, for each runtime (apptainer
/// is not installed here; podman's line also runs for real in WorkersInContainerTests).</summary>
public sealed class WorkerCommandInContainerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parsl-worker-command-").FullName;

    private Providers.BlockRequest Request(ContainerRuntime runtime, string image)
    {
        var executor = new HighThroughputExecutor("boxed")
        {
            Container = new ContainerImage(image) { Runtime = runtime, Mounts = ["/shared/reference"], Variables = ["TOOL_HOME"] },
            WorkersRunInContainer = true,
        };
        var htex = Path.Combine(_directory, "runinfo", "000", "htex", "boxed");
        Directory.CreateDirectory(htex);
        return WorkerCommand.ForManager(executor, "127.0.0.1", 54000, Path.Combine(htex, "secret"), htex, Path.Combine(htex, "blocks"))("3");
    }

    [Fact]
    public void Podman_runs_the_manager_labelled_with_the_runtime_the_program_and_the_run_mounted_and_the_blocks_variables_passed()
    {
        var request = Request(ContainerRuntime.Podman, "localhost/tools:1");

        Assert.Equal("podman", request.Program);
        var arguments = request.Arguments.ToList();
        Assert.Equal(["run", "--rm", "--pull=never", "--network=host",
            "--label", "parsl.executor=boxed", "--label", "parsl.block=3", "--label", $"parsl.run={Path.Combine(_directory, "runinfo", "000")}"], arguments[..10]);
        var volumes = arguments.Select((a, i) => (a, i)).Where(p => p.a == "--volume").Select(p => arguments[p.i + 1]).ToList();
        var dotnetRoot = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        Assert.Contains($"{Path.TrimEndingDirectorySeparator(dotnetRoot)}:{Path.TrimEndingDirectorySeparator(dotnetRoot)}", volumes);
        Assert.Contains(volumes, v => v.StartsWith(_directory, StringComparison.Ordinal) || _directory.StartsWith(v.Split(':')[0] + "/", StringComparison.Ordinal));
        Assert.Contains("/shared/reference:/shared/reference", volumes);
        Assert.Contains(volumes, v => AppContext.BaseDirectory.StartsWith(v.Split(':')[0], StringComparison.Ordinal));
        Assert.Equal(Environment.CurrentDirectory, arguments[arguments.IndexOf("--workdir") + 1]);
        Assert.Contains("PARSL_PROGRAM_DIR", arguments.Select((a, i) => (a, i)).Where(p => p.a == "--env").Select(p => arguments[p.i + 1]));
        Assert.Contains("TOOL_HOME", arguments.Select((a, i) => (a, i)).Where(p => p.a == "--env").Select(p => arguments[p.i + 1]));
        var image = arguments.IndexOf("localhost/tools:1");
        Assert.EndsWith("dotnet", arguments[image + 1], StringComparison.Ordinal);
        Assert.Equal("exec", arguments[image + 2]);
        Assert.Equal(["--block", "3"], arguments[^2..]);
        // The shell form runs the same line under the block's launcher, after the block's variables are exported.
        Assert.StartsWith("export PARSL_PROGRAM_DIR=", request.Command, StringComparison.Ordinal);
        Assert.Contains(string.Join(' ', arguments.Prepend("podman").Select(ShellCommand.Quote)), request.Command, StringComparison.Ordinal);
    }

    [Fact]
    public void Apptainer_execs_the_manager_with_every_folder_bound()
    {
        var request = Request(ContainerRuntime.Apptainer, "/images/tools.sif");

        Assert.Equal("apptainer", request.Program);
        Assert.Equal(["exec", "--bind"], request.Arguments.Take(2));
        Assert.Contains("/shared/reference:/shared/reference", request.Arguments[2].Split(','));
        var image = request.Arguments.ToList().IndexOf("/images/tools.sif");
        Assert.EndsWith("dotnet", request.Arguments[image + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Workers_in_a_container_need_an_image_and_do_not_go_with_mpi_mode()
    {
        var noImage = Assert.Throws<ArgumentException>(() => new HighThroughputExecutor("boxed") { WorkersRunInContainer = true }.Validate());
        Assert.Contains("'boxed': WorkersRunInContainer is on but no Container names the image", noImage.Message, StringComparison.Ordinal);
        var mpi = Assert.Throws<ArgumentException>(() => new HighThroughputExecutor("boxed")
        {
            Container = new ContainerImage("localhost/tools:1"), WorkersRunInContainer = true, MpiLauncher = MpiLauncher.Mpiexec,
        }.Validate());
        Assert.Contains("turn WorkersRunInContainer off", mpi.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
