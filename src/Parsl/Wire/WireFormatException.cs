namespace Parsl;

/// <summary>Bytes received from another process do not read as what they should be: truncated, oversized or corrupt.</summary>
public sealed class WireFormatException(string message) : Exception("Malformed message: " + message + ".");
