using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using Parsl.Staging;

namespace Parsl.Dataflow;

/// <summary>
/// A run's staging: which provider fetches which scheme, where copies go (<c>runinfo/NNN/staging/</c>, one folder per
/// URL so two files of one name do not meet), and one <see cref="StagingTask"/> per URL however many apps ask.
/// </summary>
internal sealed class FileStaging(IReadOnlyList<IStagingProvider> providers, string folder, CancellationToken cancellationToken)
{
    // Lazy: GetOrAdd may run its factory twice in a race, and a second StagingTask would fetch the file again.
    private readonly ConcurrentDictionary<string, Lazy<StagingTask>> _byUrl = new(StringComparer.Ordinal);

    public StagingTask StageIn(DataFile file) =>
        _byUrl.GetOrAdd(file.Url, static (_, state) => new Lazy<StagingTask>(() => state.staging.Start(state.file)), (staging: this, file)).Value;

    private StagingTask Start(DataFile file)
    {
        var provider = providers.FirstOrDefault(p => p.Schemes.Contains(file.Scheme));
        var place = Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(file.Url)));
        return new StagingTask(file, provider, Path.Combine(folder, place, file.Name), cancellationToken);
    }
}
