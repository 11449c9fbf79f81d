namespace Parsl.Processes;

/// <summary>
/// The bash that bash apps, the local provider's blocks, the local channel and the orphan guard run: the first of the
/// usual places that exists, else the first bash on PATH (NixOS and Guix have none of the usual places), looked up once.
/// </summary>
internal static class BashLocation
{
    // Debian and most distributions, merged-/usr systems, FreeBSD and Homebrew on Intel Macs, Homebrew on Apple silicon.
    private static readonly string[] s_usualPlaces = ["/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash", "/opt/homebrew/bin/bash"];
    private static readonly Lazy<string?> s_found = new(() => Find(Environment.GetEnvironmentVariable("PATH"), File.Exists));

    /// <summary>
    /// The option every bash that Parsl starts with <c>-c</c> gets first. Such a bash reads ~/.bashrc when it believes sshd
    /// started it (SSH_CLIENT set and SHLVL 0), and that is the environment of a batch job submitted over SSH: each bash
    /// app would run the user's interactive set-up again (seconds where it loads modules, and whatever it prints lands in
    /// the app's stdout). Set-up belongs in worker_init.
    /// </summary>
    public const string NoStartupFiles = "--norc";

    /// <summary>The bash to start.</summary>
    /// <exception cref="FileNotFoundException">Bash is in none of the usual places and not on PATH.</exception>
    public static string Path => s_found.Value ?? throw new FileNotFoundException(NotFound(Environment.GetEnvironmentVariable("PATH")), "bash");

    /// <summary>The first usual place that <paramref name="exists"/> says holds bash, else the first absolute folder of <paramref name="searchPath"/> that does.</summary>
    internal static string? Find(string? searchPath, Func<string, bool> exists) =>
        s_usualPlaces.FirstOrDefault(exists)
        ?? (searchPath ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(System.IO.Path.IsPathRooted) // a relative entry would depend on each command's working directory
            .Select(folder => System.IO.Path.Combine(folder, "bash"))
            .FirstOrDefault(exists);

    internal static string NotFound(string? searchPath) =>
        $"bash is in none of {string.Join(", ", s_usualPlaces)} nor on PATH ({(string.IsNullOrEmpty(searchPath) ? "empty" : searchPath)}); " +
        "install bash, or put the folder that holds it on PATH.";
}
