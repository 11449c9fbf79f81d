namespace Parsl.Logging;

/// <summary>Joins words from elsewhere (a scheduler's stderr, an exception's message) into our own sentences.</summary>
public static class Sentence
{
    /// <summary>
    /// The text as a clause to continue or end with our own punctuation: trailing white space and full stops removed,
    /// so "…: {reason}. Block logs are in …" never reads "failed.." when the reason brought its own period.
    /// </summary>
    public static string Clause(string? text) => (text ?? "").TrimEnd().TrimEnd('.').TrimEnd();
}
