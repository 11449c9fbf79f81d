namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The variables a dispatch sets for its try (an MPI try's launch prefix and nodes), set in the worker's environment
/// while the try runs, so the app's code reads them and the commands it starts inherit them, and restored after: a
/// worker runs one try at a time.
/// </summary>
internal readonly struct TryEnvironment : IDisposable
{
    private readonly (string Name, string? Before)[] _saved;

    private TryEnvironment((string, string?)[] saved) => _saved = saved;

    /// <summary>Sets <paramref name="pairs"/> (name, value, name, value, …).</summary>
    public static TryEnvironment Apply(string[] pairs)
    {
        if (pairs.Length == 0)
            return default;
        var saved = new (string, string?)[pairs.Length / 2];
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            saved[i / 2] = (pairs[i], Environment.GetEnvironmentVariable(pairs[i]));
            Environment.SetEnvironmentVariable(pairs[i], pairs[i + 1]);
        }
        return new TryEnvironment(saved);
    }

    public void Dispose()
    {
        foreach (var (name, before) in _saved ?? [])
            Environment.SetEnvironmentVariable(name, before);
    }
}
