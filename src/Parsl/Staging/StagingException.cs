namespace Parsl.Staging;

/// <summary>A file could not be staged: the apps that read it are not run, and their reports name this as the root cause.</summary>
public sealed class StagingException : Exception
{
    /// <summary>Staging <paramref name="file"/> failed for the reason in <paramref name="message"/>.</summary>
    public StagingException(DataFile file, string message, Exception? inner = null)
        : base($"staging {file?.Url} failed: {message}", inner)
    {
        ArgumentNullException.ThrowIfNull(file);
        File = file;
    }

    /// <summary>The file that could not be staged.</summary>
    public DataFile File { get; }
}
