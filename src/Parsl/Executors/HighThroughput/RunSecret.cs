using System.Security.Cryptography;
using NetMQ;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// What a run's managers must know to reach its interchange: the interchange's CURVE public key (without it the
/// encrypted handshake cannot even start) and a random token they present when they register. Made fresh for every
/// run and handed over in a file only its owner can read, never on a command line (which <c>ps</c> shows to everyone).
/// </summary>
internal sealed class RunSecret
{
    private RunSecret(string serverPublicKey, byte[] token)
    {
        ServerPublicKey = serverPublicKey;
        Token = token;
    }

    /// <summary>The interchange's CURVE public key, Z85-encoded.</summary>
    public string ServerPublicKey { get; }

    /// <summary>32 random bytes.</summary>
    public byte[] Token { get; }

    public static (RunSecret Secret, NetMQCertificate ServerCertificate) Create()
    {
        var certificate = new NetMQCertificate();
        return (new RunSecret(certificate.PublicKeyZ85, RandomNumberGenerator.GetBytes(32)), certificate);
    }

    /// <summary>One line: the key, a space (Z85 uses ':' but never a space), the token in hex; the form both the file and a worker's environment use.</summary>
    public override string ToString() => ServerPublicKey + " " + Convert.ToHexString(Token);

    public static RunSecret Parse(string text, string source)
    {
        var parts = text.Trim().Split(' ');
        if (parts.Length != 2 || parts[0].Length != 40)
            throw new InvalidOperationException($"The run secret in {source} is malformed; it is written by the workflow's executor for each run and must not be edited.");
        try
        {
            return new RunSecret(parts[0], Convert.FromHexString(parts[1]));
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The run secret in {source} is malformed; it is written by the workflow's executor for each run and must not be edited.");
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
