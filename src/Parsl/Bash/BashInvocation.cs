using System.ComponentModel;

namespace Parsl;

/// <summary>What one call of a bash app runs: the quoted command line and where its output goes.</summary>
/// <param name="Command">The command line, every substituted value already quoted.</param>
/// <param name="Stdout">Where stdout goes, or null to inherit this process's.</param>
/// <param name="Stderr">Where stderr goes, or null to capture it for the error message.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct BashInvocation(string Command, string? Stdout, string? Stderr);
