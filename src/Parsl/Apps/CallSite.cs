namespace Parsl;

/// <summary>Where in the user's workflow code an app was called; captured by the generated stub at compile time.</summary>
/// <param name="FilePath">Source file of the call.</param>
/// <param name="Line">Line of the call.</param>
public readonly record struct CallSite(string? FilePath, int Line)
{
    /// <inheritdoc />
    public override string ToString() => string.IsNullOrEmpty(FilePath) ? "(unknown call site)" : $"{Path.GetFileName(FilePath)}:{Line}";
}
