namespace Parsl;

/// <summary>A config file that cannot be used; the message names the file, line and column, and what is allowed there.</summary>
public sealed class ConfigFileException(string message, Exception? inner = null) : Exception(message, inner);
