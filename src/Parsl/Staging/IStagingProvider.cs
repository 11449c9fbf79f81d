namespace Parsl.Staging;

/// <summary>
/// Fetches files of some URL schemes to this machine before the apps that read them run (Parsl's staging providers).
/// The kernel asks once per URL and run, however many apps read it, and hands each app the local copy.
/// </summary>
public interface IStagingProvider
{
    /// <summary>The URL schemes this provider fetches, in lower case (e.g. <c>http</c>, <c>https</c>).</summary>
    IReadOnlyList<string> Schemes { get; }

    /// <summary>Writes <paramref name="file"/>'s content to <paramref name="localPath"/>, whose folder exists.</summary>
    /// <exception cref="StagingException">The file could not be fetched; the message says why (e.g. the server's status).</exception>
    Task StageInAsync(DataFile file, string localPath, CancellationToken cancellationToken);
}
