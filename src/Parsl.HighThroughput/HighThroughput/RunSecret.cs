using System.Security.Cryptography;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// What a run's managers must know to reach its interchange: which transport it listens with, what proves the
/// interchange is the run's own (its CURVE public key, or its TLS certificate's SHA-256 fingerprint), and a random
/// token the managers present when they register. Made fresh for every run and handed over in a file only its owner
/// can read, never on a command line (which <c>ps</c> shows to everyone).
/// </summary>
internal sealed class RunSecret
{
    private const string Malformed = "is malformed; it is written by the workflow's executor for each run and must not be edited";

    public RunSecret(HtexTransport transport, string serverKey, byte[] token)
    {
        Transport = transport;
        ServerKey = serverKey;
        Token = token;
    }

    public HtexTransport Transport { get; }

    /// <summary>The interchange's CURVE public key (Z85) or its certificate's SHA-256 fingerprint (hex).</summary>
    public string ServerKey { get; }

    /// <summary>32 random bytes.</summary>
    public byte[] Token { get; }

    public static byte[] NewToken() => RandomNumberGenerator.GetBytes(32);

    /// <summary>One line: transport, server key, token in hex, separated by spaces (neither Z85 nor hex has one).</summary>
    public override string ToString() => $"{Transport} {ServerKey} {Convert.ToHexString(Token)}";

    public static RunSecret Parse(string text, string source)
    {
        var parts = text.Trim().Split(' ');
        if (parts.Length != 3 || !Enum.TryParse<HtexTransport>(parts[0], out var transport) || parts[1].Length == 0)
            throw new InvalidOperationException($"The run secret in {source} {Malformed}.");
        try
        {
            return new RunSecret(transport, parts[1], Convert.FromHexString(parts[2]));
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The run secret in {source} {Malformed}.");
        }
    }

    /// <summary>Writes the secret to a new file readable by its owner only.</summary>
    public void WriteTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(ToString());
    }

    public static RunSecret ReadFrom(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Compares a presented token with this one in constant time.</summary>
    public bool Accepts(ReadOnlySpan<byte> token) => CryptographicOperations.FixedTimeEquals(token, Token);
}
