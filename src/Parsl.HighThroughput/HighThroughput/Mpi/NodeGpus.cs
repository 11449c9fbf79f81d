using System.Globalization;
using System.Text.RegularExpressions;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// How many GPUs each node of a block has (a block's nodes are alike), and what said so: the executor's
/// <c>GpusPerNode</c>, Slurm's <c>SLURM_GPUS_ON_NODE</c>, the devices <c>CUDA_VISIBLE_DEVICES</c>,
/// <c>ROCR_VISIBLE_DEVICES</c> or <c>HIP_VISIBLE_DEVICES</c> lists, or the <c>/dev/nvidiaN</c> device files. When none
/// of them says, the count is unknown (null) and no try is refused for its GPUs.
/// </summary>
/// <param name="Count">The GPUs a node has; null when nothing on the node says.</param>
/// <param name="Source">What said so (or that nothing did), for the manager's log and a refused try's message.</param>
internal sealed partial record NodeGpus(int? Count, string Source)
{
    private static readonly string[] VisibleDevices = ["CUDA_VISIBLE_DEVICES", "ROCR_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES"];

    /// <summary>The count from the first source that says one, in the order of the type's summary.</summary>
    public static NodeGpus Discover(int? configured, Func<string, string?> variable, string deviceFolder)
    {
        if (configured is { } given)
            return new(given, "the executor's GpusPerNode");
        if (variable("SLURM_GPUS_ON_NODE") is { } slurm && int.TryParse(slurm, NumberStyles.None, CultureInfo.InvariantCulture, out var onNode))
            return new(onNode, "SLURM_GPUS_ON_NODE");
        foreach (var name in VisibleDevices)
        {
            if (variable(name) is { } devices)
                return new(Listed(devices), devices.Length == 0 ? $"{name}, set empty" : $"{name}={devices}");
        }
        var nvidia = Directory.Exists(deviceFolder)
            ? Directory.EnumerateFileSystemEntries(deviceFolder).Count(path => NvidiaDevice().IsMatch(Path.GetFileName(path)))
            : 0;
        if (nvidia > 0)
            return new(nvidia, $"the {Path.Combine(deviceFolder, "nvidiaN")} device files");
        return new(null, $"no GpusPerNode, SLURM_GPUS_ON_NODE, CUDA_/ROCR_/HIP_VISIBLE_DEVICES or {Path.Combine(deviceFolder, "nvidiaN")} on the node");
    }

    /// <summary>For the manager's log.</summary>
    public string Describe() => Count is { } count ? $"{count} GPUs per node from {Source}" : $"GPUs per node unknown ({Source}), not checked";

    /// <summary>The devices a *_VISIBLE_DEVICES value lists: indexes or UUIDs, comma-separated; empty, <c>NoDevFiles</c>
    /// and <c>-1</c> list none.</summary>
    private static int Listed(string devices) => devices.Trim() is "" or "NoDevFiles" or "-1"
        ? 0
        : devices.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;

    [GeneratedRegex("^nvidia[0-9]+$")]
    private static partial Regex NvidiaDevice();
}
