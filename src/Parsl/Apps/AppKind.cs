namespace Parsl;

/// <summary>How an app's body runs.</summary>
public enum AppKind
{
    /// <summary>A C# method run on an executor.</summary>
    Code,

    /// <summary>A shell command line.</summary>
    Bash,

    /// <summary>A method that returns a future; the app completes when that future does.</summary>
    Join,
}
