using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using Parsl.Files;
using Parsl.Staging;

namespace Parsl.Dataflow;

/// <summary>
/// A run's staging: which provider handles which scheme, where copies go, and one <see cref="StagingTask"/> per URL
/// and direction however many apps ask. Fetched copies go to the run directory root's <c>staging/</c> folder, shared by
/// the runs there so an unchanged file is not fetched again; copies on their way out to this run's <c>staging-out/</c>.
/// One folder per URL, so two files of one name do not meet.
/// </summary>
internal sealed class FileStaging(DataFlowKernel kernel, IReadOnlyList<IStagingProvider> providers, string inFolder, string outFolder)
{
    private readonly DataFlowKernel _kernel = kernel;
    private readonly string _inFolder = inFolder;

    /// <summary>Which versions the copies in the staging folder hold; saved when the run ends.</summary>
    public StagedCopyIndex Index { get; } = new(inFolder);

    // Lazy: GetOrAdd may run its factory twice in a race, and a second StagingTask would fetch the file again.
    private readonly ConcurrentDictionary<string, Lazy<StagingTask>> _in = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<StagingTask>> _out = new(StringComparer.Ordinal);

    public StagingTask StageIn(DataFile file) =>
        _in.GetOrAdd(file.Url, static (_, state) => new Lazy<StagingTask>(
            () => StagingTask.In(state.staging._kernel, state.staging.ProviderOf(state.file), state.file, PlaceOf(state.staging._inFolder, state.file))),
            (staging: this, file)).Value;

    /// <summary>Sends an app's written copy of <paramref name="file"/> (at <see cref="DataFile.LocalCopy"/>) to its URL.</summary>
    public StagingTask StageOut(DataFile file) =>
        _out.GetOrAdd(file.Url, static (_, state) => new Lazy<StagingTask>(
            () => StagingTask.Out(state.staging._kernel, state.staging.ProviderOf(state.file), state.file, state.file.LocalCopy!)),
            (staging: this, file)).Value;

    /// <summary>Where an app writes <paramref name="file"/>, a remote output, before it is sent (the folder exists).</summary>
    public string OutputCopyOf(DataFile file)
    {
        var path = PlaceOf(outFolder, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Whether a worker can stage <paramref name="file"/>: its scheme's provider here says it runs on workers
    /// (workers have the built-in HTTP and FTP providers).</summary>
    public bool CanStageOnWorker(DataFile file) => ProviderOf(file) is { } provider && provider.Modes.HasFlag(StagingModes.OnWorker);

    private IStagingProvider? ProviderOf(DataFile file) => providers.FirstOrDefault(p => p.Schemes.Contains(file.Scheme));

    private static string PlaceOf(string folder, DataFile file) =>
        Path.Combine(folder, Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(file.Url))), file.Name);
}
