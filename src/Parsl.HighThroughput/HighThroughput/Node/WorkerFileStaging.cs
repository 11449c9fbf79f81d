using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using Parsl.Executors.HighThroughput.Protocol;
using Parsl.Staging;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// A worker staging its tries' files on the node (<see cref="StagingModes.OnWorker"/>), with the providers every worker
/// host has (HTTP, HTTPS, FTP): inputs fetched into its block's staging folder, one folder per URL, once per worker
/// process however many of its tries read them; local files of the workflow's, carried in the dispatch, written there
/// once per content; outputs written to a folder of the try's own and sent after the app succeeded, then removed. No
/// file system shared with the workflow is needed. The folder is the manager's (<c>--staging-dir</c>): made private to
/// its user in the node's temporary folder, shared by the block's workers, removed as the block ends.
/// </summary>
internal static class WorkerFileStaging
{
    /// <summary>What a staging folder's name starts with, in the node's temporary folder.</summary>
    public const string FolderPrefix = "parsl-staging-";

    private static readonly IStagingProvider[] s_providers = [new HttpStaging(), new FtpStaging()];
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> s_fetched = new(StringComparer.Ordinal);

    // Set by a worker from its manager's --staging-dir; a worker started otherwise makes a private folder of its own.
    private static string? s_root;

    private static string Root => s_root ??= Directory.CreateTempSubdirectory(FolderPrefix).FullName;

    /// <summary>Stages into <paramref name="folder"/> (the block's, made by its manager).</summary>
    public static void UseFolder(string folder) => s_root = folder;

    /// <summary>Fetches the try's inputs and gives each output a place to be written; null when it stages nothing.</summary>
    public static Dictionary<string, string>? Prepare(DispatchMessage dispatch, CancellationToken cancellationToken)
    {
        if (dispatch.StageIn.Length == 0 && dispatch.StageOut.Length == 0 && dispatch.LocalFiles.Length == 0)
            return null;
        var copies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in dispatch.LocalFiles)
            copies[file.Path] = Write(file);
        var fetches = dispatch.StageIn.Select(url => (url, task: Fetch(url, cancellationToken))).ToArray();
        foreach (var (url, task) in fetches)
            copies[url] = task.GetAwaiter().GetResult();
        foreach (var url in dispatch.StageOut)
        {
            var path = PlaceOf(Path.Combine(Root, "out", $"{Environment.ProcessId}-{dispatch.DispatchId}"), new DataFile(url));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            copies[url] = path;
        }
        return copies;
    }

    /// <summary>Writes a carried local file under the hash of its content, once per node however many tries carry it.</summary>
    private static string Write(LocalFile file)
    {
        var path = Path.Combine(Root, "local", Convert.ToHexStringLower(XxHash128.Hash(file.Content)), Path.GetFileName(file.Path));
        if (File.Exists(path) && new FileInfo(path).Length == file.Content.Length)
            return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = $"{path}.{Environment.ProcessId}.part";
        File.WriteAllBytes(partial, file.Content);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>Sends the outputs the app wrote; throws <see cref="StagingException"/> for one it did not write or that could not be sent.</summary>
    public static void Send(DispatchMessage dispatch, IReadOnlyDictionary<string, string> copies, CancellationToken cancellationToken)
    {
        foreach (var url in dispatch.StageOut)
        {
            var file = new DataFile(url);
            if (!File.Exists(copies[url]))
                throw new StagingException(file, $"the app did not write it: there is no file at {copies[url]} on {Environment.MachineName}");
            ProviderOf(file).StageOutAsync(copies[url], file, cancellationToken).GetAwaiter().GetResult();
        }
    }

    /// <summary>Removes the try's output folder, sent or not.</summary>
    public static void CleanUp(DispatchMessage dispatch)
    {
        if (dispatch.StageOut.Length == 0)
            return;
        try
        {
            Directory.Delete(Path.Combine(Root, "out", $"{Environment.ProcessId}-{dispatch.DispatchId}"), recursive: true);
        }
        catch (IOException)
        {
            // gone already, or busy: the node's temporary folder is cleaned by the node
        }
    }

    // Once per worker process and URL; a failed fetch is forgotten, so a retried try fetches again.
    private static Task<string> Fetch(string url, CancellationToken cancellationToken)
    {
        var fetch = s_fetched.GetOrAdd(url, static (url, token) => new Lazy<Task<string>>(() => FetchAsync(new DataFile(url), token)), cancellationToken).Value;
        fetch.ContinueWith(static (task, url) => s_fetched.TryRemove((string)url!, out _), url, CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        return fetch;
    }

    private static async Task<string> FetchAsync(DataFile file, CancellationToken cancellationToken)
    {
        var path = PlaceOf(Root, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await ProviderOf(file).StageInAsync(file, path, null, cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static IStagingProvider ProviderOf(DataFile file) =>
        s_providers.FirstOrDefault(p => p.Schemes.Contains(file.Scheme))
        ?? throw new StagingException(file, $"a worker stages only {string.Join(", ", s_providers.SelectMany(p => p.Schemes))} files; '{file.Scheme}' files are staged by the workflow");

    private static string PlaceOf(string folder, DataFile file) =>
        Path.Combine(folder, Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(file.Url))), file.Name);
}
