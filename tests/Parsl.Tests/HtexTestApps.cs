namespace Parsl.Tests;

/// <summary>A plain data type that crosses to workers through its generated codec.</summary>
public sealed record Measurement(string Name, double[] Values, Dictionary<string, int> Tags, Measurement? Previous = null);

/// <summary>Apps the pilot-job executor tests run in worker processes.</summary>
public static partial class HtexApps
{
    [App]
    public static partial int Square(int x) => x * x;

    [App]
    public static partial string Text(int length) => new('x', length);

    [BashApp("sleep infinity", Image = ContainerApps.Image)]
    public static partial BashResult SleepInImage();

    [BashApp("sleep 4", Image = ContainerApps.Image)]
    public static partial BashResult NapInImage();

    [App]
    public static partial int Increment(int x) => x + 1;

    /// <summary>The process that ran the app, to see where tries went; holds its worker for <paramref name="holdMilliseconds"/> so concurrent tries spread.</summary>
    [App]
    public static partial int WorkerPid(int holdMilliseconds)
    {
        Thread.Sleep(holdMilliseconds);
        return Environment.ProcessId;
    }

    [App]
    public static partial Measurement Summarize(Measurement input, string suffix) =>
        input with { Name = input.Name + suffix, Values = [input.Values.Sum(), .. input.Values], Tags = new(input.Tags) { ["count"] = input.Values.Length } };

    [App]
    public static partial double Fail(string message) => throw new InvalidOperationException(message);

    /// <summary>Ignores cancellation: only killing its worker stops it.</summary>
    [App(WalltimeSeconds = 0.5)]
    public static partial int Stubborn(int seconds)
    {
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        return seconds;
    }

    [App]
    public static partial int Divide(int numerator, int denominator) => numerator / denominator;

    [App]
    public static partial int RejectArgument(string parameter) => throw new ArgumentException("the radius must be positive", parameter);

    [App]
    public static partial int FailWithCause(string text) =>
        throw new InvalidOperationException("could not read the ligand file", new FormatException($"'{text}' is not a number"));

    [App]
    public static partial int FailWithOwnType(string protein) => throw new ProteinNotFoundException(protein);

    [App]
    public static partial int FailWithUnmakeableType(int code) => throw new CodedFailureException(code);

    [App]
    public static partial int FailUnreadably(int code) => throw new UnreadableFailureException(code);

    [App]
    public static partial Unencodable MakeUnencodable(int value) => new() { Value = value };

    /// <summary>Kills its own worker while <paramref name="marker"/> does not exist yet; creates it first, so the re-run succeeds.</summary>
    [App]
    public static partial int CrashOnce(string marker, int value)
    {
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, "crashed");
            Environment.FailFast("crashing on purpose");
        }
        return value;
    }

    /// <summary>Always kills its worker.</summary>
    [App]
    public static partial int AlwaysCrash(int value)
    {
        Environment.FailFast("crashing on purpose");
        return value;
    }

    /// <summary>The worker's view of an environment variable, or "(unset)".</summary>
    [App]
    public static partial string Variable(string name) => Environment.GetEnvironmentVariable(name) ?? "(unset)";

    /// <summary>The worker's identity as Parsl names it (rank, count, pool, block); holds the worker a moment so calls spread.</summary>
    [App]
    public static partial (string Rank, string Count, string Pool, string Block) WorkerIdentity(int holdMilliseconds)
    {
        Thread.Sleep(holdMilliseconds);
        return (Environment.GetEnvironmentVariable("PARSL_WORKER_RANK") ?? "", Environment.GetEnvironmentVariable("PARSL_WORKER_COUNT") ?? "",
            Environment.GetEnvironmentVariable("PARSL_WORKER_POOL_ID") ?? "", Environment.GetEnvironmentVariable("PARSL_WORKER_BLOCK_ID") ?? "");
    }

    /// <summary>Lists the command's open descriptors (as <c>ls -l</c> shows them: "N -> target").</summary>
    [BashApp("ls -l /proc/$$/fd > {path}")]
    public static partial BashResult OpenPipes(string path);

    /// <summary>The first run writes its shell's pid to <paramref name="pidFile"/> and sleeps (in its shell's place); a run
    /// that finds <paramref name="marker"/> writes "again" to <paramref name="output"/> at once.</summary>
    [BashApp("if [ -e {marker} ]; then echo again > {output}; else touch {marker}; echo $$ > {pidFile}; exec sleep 600; fi")]
    public static partial BashResult SleepOnce(string marker, string pidFile, string output);

    [BashApp("echo {word} > {path}")]
    public static partial BashResult Echo(string word, string path);

    [BashApp("sleep {seconds}", WalltimeSeconds = 0.5)]
    public static partial BashResult SleepTooLong(int seconds);

    [BashApp("sleep {seconds}")]
    public static partial BashResult Nap(string seconds);

    /// <summary>Runs until the file <paramref name="gate"/> exists: a try that lasts exactly as long as its test wants.</summary>
    [BashApp("while [ ! -e {gate} ]; do sleep 0.02; done")]
    public static partial BashResult WaitFor(string gate);

    [JoinApp]
    public static partial AppFuture<int> SquareThenIncrement(int x) => IncrementAsync(SquareAsync(x));

    [App]
    public static partial int Pause(int milliseconds, int value)
    {
        Thread.Sleep(milliseconds);
        return value;
    }

    /// <summary>Holds its worker until <paramref name="path"/> exists: a test's gate across processes, not a clock.</summary>
    [App]
    public static partial int HoldUntil(string path, int value)
    {
        while (!File.Exists(path))
            Thread.Sleep(20);
        return value;
    }
}

/// <summary>An exception type of the workflow's own, with the constructors .NET's guidelines ask for.</summary>
public sealed class ProteinNotFoundException : Exception
{
    public ProteinNotFoundException(string protein) : base($"no structure for protein {protein}") => Protein = protein;

    public ProteinNotFoundException(string message, Exception? inner) : base(message, inner) => Protein = "";

    public ProteinNotFoundException() : this("(unknown)")
    {
    }

    public string Protein { get; }
}

/// <summary>An exception type that can only be made from a code, not a message: it cannot be recreated from one.</summary>
public sealed class CodedFailureException(int code) : Exception($"failure code {code}")
{
    public int Code { get; } = code;
}

/// <summary>A broken exception type: its text throws, as a user's own type might (a Message that formats a disposed object).</summary>
public sealed class UnreadableFailureException(int code) : Exception
{
    public int Code { get; } = code;

    public override string Message => throw new InvalidOperationException($"no message for code {Code}");

    public override string? StackTrace => throw new InvalidOperationException("no stack trace");

    public override string ToString() => throw new InvalidOperationException("no text");
}

/// <summary>A result that cannot leave its worker: its property throws when read, and the codec reads every public property.</summary>
public sealed class Unencodable
{
    public int Value
    {
        get => throw new InvalidOperationException("read in the workflow only");
        set { }
    }
}
