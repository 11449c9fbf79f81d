namespace Parsl.Tests;

/// <summary>Apps that read and write files, chained only through the files they write.</summary>
public static partial class FileTestApps
{
    [BashApp("sort {input} > {sorted}")]
    public static partial BashResult Sort(DataFile input, [Output] DataFile sorted);

    [BashApp("cat -n {input} > {numbered}")]
    public static partial BashResult Number(DataFile input, [Output] DataFile numbered);

    [BashApp("wc -l < {input} > {counted}")]
    public static partial BashResult Count(DataFile input, [Output] DataFile counted);

    [BashApp("cat {parts} > {joined}")]
    public static partial BashResult Concat(DataFile[] parts, [Output] DataFile joined);

    // Succeeds without writing its output.
    [BashApp("true {input}")]
    public static partial BashResult Forget(DataFile input, [Output] DataFile never);

    [BashApp("echo failing >&2; exit 3")]
    public static partial BashResult FailToWrite([Output] DataFile result);

    [BashApp("sort {input} > {sorted}", Cache = true)]
    public static partial BashResult CachedSort(DataFile input, [Output] DataFile sorted);

    [App]
    public static partial int WriteNumber(int value, [Output] DataFile file)
    {
        File.WriteAllText(file.Path, $"{value}\n");
        return value;
    }

    [App]
    public static partial string Read(DataFile file) => File.ReadAllText(file.Path).Trim();
}

/// <summary>A workflow chained through files, for its compile-time graph.</summary>
public static partial class FilePipeline
{
    [Workflow]
    public static AppFuture<string> Run(DataFile words, DataFile[] parts)
    {
        var sorted = FileTestApps.SortAsync(words, new DataFile("sorted.txt"));
        var numbered = FileTestApps.NumberAsync(sorted.Outputs[0], new DataFile("numbered.txt"));
        var joined = FileTestApps.ConcatAsync([numbered.Outputs[0], FileTestApps.WriteNumberAsync(1, new DataFile("one.txt")).Outputs[0]], new DataFile("joined.txt"));
        return FileTestApps.ReadAsync(joined.Outputs[0]);
    }
}

/// <summary>A workflow naming remote files, for the staging nodes of its compile-time graph.</summary>
public static partial class RemotePipeline
{
    [Workflow]
    public static AppFuture<string> Run(string[] proteins, string output)
    {
        var counts = new List<AppFuture<BashResult>>();
        foreach (var protein in proteins)
            counts.Add(RemoteFileApps.CountBytesAsync(new DataFile($"https://data.example/{protein}.pdb"), output));
        var shouted = RemoteFileApps.ShoutAsync(new DataFile("ftp://data.example/in.txt"), new DataFile("ftp://results.example/out.txt"));
        _ = RemoteFileApps.CountBytesAsync(new DataFile("ftp://data.example/in.txt"), output); // the same URL: the same stage-in
        return RemoteFileApps.ReadTextAsync(shouted.Outputs[0]);
    }
}

/// <summary>Apps that read files a URL names: they get the staged copy.</summary>
public static partial class RemoteFileApps
{
    [App]
    public static partial string ReadText(DataFile file) => File.ReadAllText(file.LocalPath!);

    [BashApp("wc -c < {file}", Stdout = "{output}")]
    public static partial BashResult CountBytes(DataFile file, string output);

    [App]
    public static partial string WhereIs(DataFile file) => file.LocalPath ?? "(no copy)";

    [App]
    public static partial string Hash(DataFile file) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file.LocalPath!)));

    [App]
    public static partial int WriteText(string text, [Output] DataFile file)
    {
        File.WriteAllText(file.LocalPath!, text);
        return text.Length;
    }

    [BashApp("tr a-z A-Z < {input} > {shouted}")]
    public static partial BashResult Shout(DataFile input, [Output] DataFile shouted);

    [App]
    public static partial int TotalLength(DataFile[] files) => files.Sum(f => File.ReadAllText(f.LocalPath!).Length);
}
