namespace Parsl.Processes;

/// <summary>Where a spawned command's stdout and stderr go: files opened by the spawn itself (null: where this process's
/// go; the same path for both: one file, stderr joined to stdout).</summary>
internal readonly record struct SpawnOutput(string? Stdout, bool AppendStdout, string? Stderr, bool AppendStderr);
