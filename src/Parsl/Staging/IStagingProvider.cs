namespace Parsl.Staging;

/// <summary>
/// Moves files of some URL schemes between where they live and where apps run (Parsl's staging providers): in before
/// the apps that read them run, out after the app that writes them succeeded. The kernel asks once per URL and run,
/// however many apps read it, and hands each app the local copy.
/// </summary>
public interface IStagingProvider
{
    /// <summary>The URL schemes this provider handles, in lower case (e.g. <c>http</c>, <c>https</c>).</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>Where this provider can run: in the workflow's process (the default), on the node where the app runs, or both.
    /// An executor's <c>Staging</c> setting chooses among the modes its providers support.</summary>
    StagingModes Modes => StagingModes.InWorkflow;

    /// <summary>
    /// Brings <paramref name="file"/>'s content to <paramref name="localPath"/> (its folder exists), and says which
    /// version of it is there now. <paramref name="cachedVersion"/> is the version this provider returned when it last
    /// wrote that path (the copy is still there), or null: a provider that can tell the remote file is unchanged (same
    /// size and ETag or checksum) returns it without fetching again.
    /// </summary>
    /// <returns>The version of the content now at <paramref name="localPath"/> (e.g. its ETag and size), or null when the
    /// source gives none. Cached apps that read the file are keyed by its URL and this version (by its content when null).</returns>
    /// <exception cref="StagingException">The file could not be fetched; the message says why (e.g. the server's status).</exception>
    Task<string?> StageInAsync(DataFile file, string localPath, string? cachedVersion, CancellationToken cancellationToken);

    /// <summary>Sends the content of <paramref name="localPath"/>, which an app wrote, to <paramref name="file"/>'s URL.</summary>
    /// <exception cref="StagingException">The file could not be sent; the message says why.</exception>
    /// <exception cref="NotSupportedException">This provider only stages in (the default).</exception>
    Task StageOutAsync(string localPath, DataFile file, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} stages {string.Join("/", Schemes)} files in only, not out: write the output to a local path, or to a scheme whose provider sends files.");
}
