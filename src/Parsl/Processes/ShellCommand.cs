using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Parsl;

/// <summary>
/// Builds shell command lines safely: every interpolated value is formatted with the invariant culture and
/// quoted, so it reaches the program as exactly one argument whatever characters it holds.
/// </summary>
public static class ShellCommand
{
    /// <summary>Formats an interpolated command line, quoting each hole: <c>ShellCommand.Format($"dock.sh {protein} {ligand}")</c>.</summary>
    public static string Format(ref ShellInterpolatedStringHandler command) => command.ToStringAndClear();

    /// <summary>Quotes one word for a POSIX shell; words made only of safe characters are left as they are.</summary>
    public static string Quote(string? word)
    {
        if (string.IsNullOrEmpty(word))
            return "''";
        if (word.AsSpan().IndexOfAnyExcept(SafeCharacters) < 0)
            return word;
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Formats a value for the command line: invariant culture; a collection becomes one quoted word per element.</summary>
    public static string QuoteValue<T>(T value, string? format = null)
    {
        if (value is not string && value is IEnumerable sequence)
        {
            var words = new StringBuilder();
            foreach (var item in sequence)
            {
                if (words.Length > 0)
                    words.Append(' ');
                words.Append(Quote(FormatInvariant(item, format)));
            }
            return words.Length == 0 ? "" : words.ToString();
        }
        return Quote(FormatInvariant(value, format));
    }

    /// <summary>Formats a value with the invariant culture (used for paths, which are not quoted).</summary>
    public static string FormatInvariant<T>(T value, string? format = null) => value switch
    {
        null => "",
        string text => text,
        BashResult result => result.StdoutPath ?? result.Command,
        IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static readonly System.Buffers.SearchValues<char> SafeCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=@%+,");
}

/// <summary>Interpolated-string handler that shell-quotes every hole; see <see cref="ShellCommand.Format(ref ShellInterpolatedStringHandler)"/>.</summary>
[InterpolatedStringHandler]
public ref struct ShellInterpolatedStringHandler
{
    private DefaultInterpolatedStringHandler _builder;

    /// <summary>Called by the compiler.</summary>
    public ShellInterpolatedStringHandler(int literalLength, int formattedCount) =>
        _builder = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture);

    /// <summary>Appends literal command text as written.</summary>
    public void AppendLiteral(string value) => _builder.AppendLiteral(value);

    /// <summary>Appends a quoted value.</summary>
    public void AppendFormatted<T>(T value) => _builder.AppendLiteral(ShellCommand.QuoteValue(value));

    /// <summary>Appends a quoted value formatted with <paramref name="format"/>.</summary>
    public void AppendFormatted<T>(T value, string? format) => _builder.AppendLiteral(ShellCommand.QuoteValue(value, format));

    internal string ToStringAndClear() => _builder.ToStringAndClear();
}
