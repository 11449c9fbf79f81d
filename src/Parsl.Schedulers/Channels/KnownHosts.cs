using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Parsl.Channels;

/// <summary>
/// An OpenSSH <c>known_hosts</c> file, read as <c>ssh</c> reads it (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): host
/// patterns separated by commas (<c>[host]:port</c> for ports other than 22, <c>*</c> and <c>?</c> wildcards, <c>!</c>
/// negations, hashed <c>|1|salt|hash</c> entries), a key type and the base64 key; <c>@revoked</c> lines revoke a key;
/// <c>@cert-authority</c> lines are not used here.
/// </summary>
internal sealed class KnownHosts
{
    private readonly List<(string[] Patterns, string KeyType, byte[] Key, bool Revoked)> _entries = [];

    private KnownHosts(string path) => Path = path;

    public string Path { get; }

    /// <summary>Reads the file; a missing file knows no host.</summary>
    public static KnownHosts Load(string path)
    {
        var known = new KnownHosts(path);
        if (!File.Exists(path))
            return known;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var revoked = false;
            if (fields[0].StartsWith('@'))
            {
                if (fields[0] != "@revoked")
                    continue;
                revoked = true;
                fields = fields[1..];
            }
            if (fields.Length < 3)
                continue;
            try
            {
                known._entries.Add((fields[0].Split(','), fields[1], Convert.FromBase64String(fields[2]), revoked));
            }
            catch (FormatException)
            {
                // a line ssh would skip too
            }
        }
        return known;
    }

    /// <summary>What the file says of a host's key.</summary>
    public HostKeyVerdict Check(string host, int port, string keyType, byte[] key)
    {
        var name = port == 22 ? host : $"[{host}]:{port}";
        var entries = _entries.Where(e => Matches(e.Patterns, name)).ToList();
        if (entries.Any(e => e.Revoked && e.Key.AsSpan().SequenceEqual(key)))
            return HostKeyVerdict.Revoked;
        if (entries.Any(e => !e.Revoked && e.KeyType == keyType && e.Key.AsSpan().SequenceEqual(key)))
            return HostKeyVerdict.Trusted;
        return entries.Any(e => !e.Revoked && e.KeyType == keyType) ? HostKeyVerdict.Changed : HostKeyVerdict.Unknown;
    }

    private static bool Matches(string[] patterns, string name)
    {
        var matched = false;
        foreach (var pattern in patterns)
        {
            var negated = pattern.StartsWith('!');
            var body = negated ? pattern[1..] : pattern;
            if (!MatchesOne(body, name))
                continue;
            if (negated)
                return false;
            matched = true;
        }
        return matched;
    }

    private static bool MatchesOne(string pattern, string name)
    {
        if (pattern.StartsWith("|1|", StringComparison.Ordinal))
        {
            var parts = pattern.Split('|');
            if (parts.Length != 4)
                return false;
            try
            {
                using var hmac = new HMACSHA1(Convert.FromBase64String(parts[2]));
                return CryptographicOperations.FixedTimeEquals(hmac.ComputeHash(Encoding.UTF8.GetBytes(name)), Convert.FromBase64String(parts[3]));
            }
            catch (FormatException)
            {
                return false;
            }
        }
        if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
            return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(name, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}

/// <summary>What a known_hosts file says of a host key.</summary>
internal enum HostKeyVerdict
{
    /// <summary>The file lists this key for this host.</summary>
    Trusted,

    /// <summary>The file lists no key of this type for this host.</summary>
    Unknown,

    /// <summary>The file lists another key of this type for this host: it changed, or someone is in the middle.</summary>
    Changed,

    /// <summary>The file revokes this key.</summary>
    Revoked,
}
