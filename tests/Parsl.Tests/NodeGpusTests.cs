using Parsl.Executors.HighThroughput;

namespace Parsl.Tests;

/// <summary>How an MPI-mode manager learns its node's GPU count: each source, their order, and what counts as none or unknown.</summary>
public sealed class NodeGpusTests : IDisposable
{
    private readonly string _devices = Directory.CreateTempSubdirectory("parsl-node-gpus-").FullName;

    [Fact]
    public void The_executors_count_comes_before_anything_the_node_says()
    {
        AddDevices("nvidia0", "nvidia1", "nvidia2");
        var node = new[] { ("SLURM_GPUS_ON_NODE", "4"), ("CUDA_VISIBLE_DEVICES", "0,1") };

        Assert.Equal(new NodeGpus(1, "the executor's GpusPerNode"), Discover(1, node));
        Assert.Equal(new NodeGpus(0, "the executor's GpusPerNode"), Discover(0, node));
    }

    [Fact]
    public void Slurms_count_comes_before_the_visible_devices_and_the_device_files()
    {
        AddDevices("nvidia0", "nvidia1", "nvidia2");

        Assert.Equal(new NodeGpus(4, "SLURM_GPUS_ON_NODE"), Discover(null, ("SLURM_GPUS_ON_NODE", "4"), ("CUDA_VISIBLE_DEVICES", "0,1")));
    }

    [Fact]
    public void A_slurm_count_that_is_not_a_number_says_nothing() =>
        Assert.Equal(new NodeGpus(2, "CUDA_VISIBLE_DEVICES=0,1"), Discover(null, ("SLURM_GPUS_ON_NODE", "gpu:2"), ("CUDA_VISIBLE_DEVICES", "0,1")));

    [Theory]
    [InlineData("CUDA_VISIBLE_DEVICES", "0,1,2", 3)]
    [InlineData("CUDA_VISIBLE_DEVICES", "GPU-8e3f1c2a,GPU-1b2c3d4e", 2)]
    [InlineData("CUDA_VISIBLE_DEVICES", " 3 , 5 ,", 2)]
    [InlineData("ROCR_VISIBLE_DEVICES", "0,1,2,3", 4)]
    [InlineData("HIP_VISIBLE_DEVICES", "1", 1)]
    public void A_visible_devices_list_counts_its_entries(string name, string value, int count) =>
        Assert.Equal(new NodeGpus(count, $"{name}={value}"), Discover(null, (name, value)));

    [Fact]
    public void Cuda_comes_before_rocr_and_rocr_before_hip()
    {
        Assert.Equal(1, Discover(null, ("HIP_VISIBLE_DEVICES", "0,1,2"), ("ROCR_VISIBLE_DEVICES", "0,1"), ("CUDA_VISIBLE_DEVICES", "0")).Count);
        Assert.Equal(2, Discover(null, ("HIP_VISIBLE_DEVICES", "0,1,2"), ("ROCR_VISIBLE_DEVICES", "0,1")).Count);
    }

    [Theory]
    [InlineData("NoDevFiles")]
    [InlineData("-1")]
    [InlineData("")]
    public void A_visible_devices_list_that_hides_every_device_means_none_whatever_the_device_files_say(string value)
    {
        AddDevices("nvidia0");

        Assert.Equal(0, Discover(null, ("CUDA_VISIBLE_DEVICES", value)).Count);
    }

    [Fact]
    public void An_empty_list_says_so_in_its_source() =>
        Assert.Equal(new NodeGpus(0, "ROCR_VISIBLE_DEVICES, set empty"), Discover(null, ("ROCR_VISIBLE_DEVICES", "")));

    [Fact]
    public void Without_variables_the_nvidia_device_files_are_counted_and_the_drivers_other_files_are_not()
    {
        AddDevices("nvidia0", "nvidia1", "nvidia12", "nvidiactl", "nvidia-uvm", "nvidia-modeset", "null");

        Assert.Equal(new NodeGpus(3, $"the {Path.Combine(_devices, "nvidiaN")} device files"), Discover(null));
    }

    [Fact]
    public void When_nothing_says_the_count_is_unknown()
    {
        AddDevices("null", "nvidiactl");

        var unknown = Discover(null);
        Assert.Null(unknown.Count);
        Assert.Contains("no GpusPerNode, SLURM_GPUS_ON_NODE", unknown.Source, StringComparison.Ordinal);
        Assert.Null(NodeGpus.Discover(null, _ => null, Path.Combine(_devices, "missing")).Count);
        Assert.StartsWith("GPUs per node unknown (", unknown.Describe(), StringComparison.Ordinal);
    }

    private NodeGpus Discover(int? configured, params (string Name, string Value)[] variables) =>
        NodeGpus.Discover(configured, name => variables.FirstOrDefault(v => v.Name == name).Value, _devices);

    private void AddDevices(params string[] names)
    {
        foreach (var name in names)
            File.WriteAllText(Path.Combine(_devices, name), "");
    }

    public void Dispose() => Directory.Delete(_devices, recursive: true);
}
