using Parsl.Containers;

namespace Parsl.Tests;

/// <summary>The command lines each runtime gets, exactly: apptainer is not installed here, so these are its only test.</summary>
public sealed class ContainerCommandTests
{
    private static ContainerCommand Command(ContainerRuntime runtime, string image = "localhost/tools:1") =>
        new(new ContainerImage(image) { Runtime = runtime }, "parsl-run1-task7-try2", "/work/run",
            ["/data/in", "/work/run/out", "/data/in/deeper", "/scratch/"], ["PARSL_MPI_PREFIX", "TOOL_HOME"],
            [new("parsl.app", "Demo.Tools.Sort"), new("parsl.task", "7")]);

    [Fact]
    public void Podman_runs_the_command_through_bash_named_labelled_with_each_outermost_folder_mounted_at_its_own_path()
    {
        var arguments = Command(ContainerRuntime.Podman).Run("sort in.txt > out.txt");

        Assert.Equal(
        [
            "run", "--rm", "--pull=never", "--name", "parsl-run1-task7-try2", "--network=host",
            "--label", "parsl.app=Demo.Tools.Sort", "--label", "parsl.task=7",
            "--volume", "/data/in:/data/in", "--volume", "/scratch:/scratch", "--volume", "/work/run:/work/run",
            "--workdir", "/work/run", "--env", "PARSL_MPI_PREFIX", "--env", "TOOL_HOME",
            "localhost/tools:1", "/bin/bash", "-c", "sort in.txt > out.txt",
        ], arguments);
    }

    [Fact]
    public void Podman_stops_with_a_grace_and_removes_by_name()
    {
        var command = Command(ContainerRuntime.Podman);

        Assert.Equal(["stop", "--time", "2", "parsl-run1-task7-try2"], command.Stop(TimeSpan.FromSeconds(1.5)));
        Assert.Equal(["rm", "--force", "parsl-run1-task7-try2"], command.Remove());
    }

    [Fact]
    public void Docker_runs_as_the_calling_user_so_that_the_files_it_writes_are_theirs()
    {
        var arguments = Command(ContainerRuntime.Docker).Run("true");

        var user = arguments.ToList().IndexOf("--user");
        Assert.True(user > 0, string.Join(' ', arguments));
        Assert.Matches("^[0-9]+:[0-9]+$", arguments[user + 1]);
        Assert.Equal(["localhost/tools:1", "/bin/bash", "-c", "true"], arguments.Skip(user + 2));
        Assert.Equal(["rm", "--force", "parsl-run1-task7-try2"], Command(ContainerRuntime.Docker).Remove());
    }

    [Fact]
    public void Apptainer_execs_the_image_with_every_folder_bound_and_the_working_directory_as_its_pwd()
    {
        var command = Command(ContainerRuntime.Apptainer, "/images/tools.sif");

        Assert.Equal(
        [
            "exec", "--bind", "/data/in:/data/in,/scratch:/scratch,/work/run:/work/run", "--pwd", "/work/run",
            "/images/tools.sif", "/bin/bash", "-c", "sort in.txt",
        ], command.Run("sort in.txt"));
        Assert.Equal(["exec", "--bind", "/data/in:/data/in,/scratch:/scratch,/work/run:/work/run", "--pwd", "/work/run", "/images/tools.sif", "dotnet", "worker.dll"],
            command.Run(["dotnet", "worker.dll"]));
        // Its container is a process of the try's own group: killing the group ends it, and there is nothing to remove.
        Assert.Null(command.Stop(TimeSpan.FromSeconds(2)));
        Assert.Null(command.Remove());
    }

    [Theory]
    [InlineData(ContainerRuntime.Podman, "Error: localhost/nope:1: image not known")]
    [InlineData(ContainerRuntime.Docker, "Unable to find image 'nope:1' locally\ndocker: Error response from daemon: No such image: nope:1.")]
    [InlineData(ContainerRuntime.Apptainer, "FATAL:   could not open image /images/nope.sif: failed to retrieve path for /images/nope.sif: lstat /images/nope.sif: no such file or directory")]
    public void Each_runtimes_word_for_a_missing_image_is_recognised(ContainerRuntime runtime, string message)
    {
        Assert.True(ContainerExit.RuntimeFailed(runtime, runtime == ContainerRuntime.Apptainer ? 255 : 125));
        Assert.True(ContainerExit.ImageMissing(message));
        Assert.False(ContainerExit.ImageMissing("Error: statfs /nope: no such file or directory"));
    }

    [Fact]
    public void A_try_mounts_its_files_folders_made_when_missing_and_passes_every_parsl_variable()
    {
        var scratch = Directory.CreateTempSubdirectory("parsl-container-mounts-").FullName;
        try
        {
            Environment.SetEnvironmentVariable("PARSL_CONTAINER_MOUNT_TEST", "1");
            var output = Path.Combine(scratch, "made", "out.txt");
            var values = (new DataFile("/etc/hostname"), new[] { new DataFile(output) }, 3);
            var app = new AppDescriptor(AppKind.Bash, new AppDescriptorOptions { Id = "Demo.Tools.Sort", ReturnTypeName = "Parsl.BashResult" });

            var command = ContainerCommand.For(new ContainerImage("img") { Mounts = ["/opt/reference"], Variables = ["TOOL_HOME"] }, "n", app, 7, values)!;

            Assert.True(Directory.Exists(Path.GetDirectoryName(output)));
            Assert.Equal(["/etc", Path.GetDirectoryName(output)!, "/opt/reference"], command.Folders);
            Assert.Contains("PARSL_CONTAINER_MOUNT_TEST", command.Variables);
            Assert.Equal("TOOL_HOME", command.Variables[^1]);
            Assert.Null(ContainerCommand.For(null, "n", app, 7, values));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PARSL_CONTAINER_MOUNT_TEST", null);
            Directory.Delete(scratch, recursive: true);
        }
    }
}
