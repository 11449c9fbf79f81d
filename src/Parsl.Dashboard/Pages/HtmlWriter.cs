using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Parsl.Dashboard.Pages;

/// <summary>
/// Builds HTML (and inline SVG) from interpolated strings whose holes are encoded unless wrapped in <see cref="RawHtml"/>:
/// app names, exception texts and a task's stdout come from the run, so escaping is the default rather than a step to
/// remember. Numbers are written in the invariant culture.
/// </summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder _text = new(4096);

    /// <summary>Appends <paramref name="html"/>: its literal parts as they are, its holes encoded.</summary>
    public HtmlWriter Add([InterpolatedStringHandlerArgument("")] ref Handler html) => this;

    /// <summary>Appends markup built elsewhere (a chart, a fragment).</summary>
    public HtmlWriter Raw(string html)
    {
        _text.Append(html);
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>Text made safe for an element's content or a quoted attribute.</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
            return text;
        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            encoded.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;", _ => c.ToString() });
        return encoded.ToString();
    }

    /// <summary>The interpolation handler behind <see cref="Add"/>.</summary>
    [InterpolatedStringHandler]
    public readonly ref struct Handler
    {
        private readonly StringBuilder _text;

        public Handler(int literalLength, int formattedCount, HtmlWriter writer)
        {
            _ = literalLength;
            _ = formattedCount;
            _text = writer._text;
        }

        public void AppendLiteral(string literal) => _text.Append(literal);

        public void AppendFormatted(RawHtml html) => _text.Append(html.Value);

        public void AppendFormatted(string? text) => _text.Append(Encode(text));

        public void AppendFormatted<T>(T value) =>
            _text.Append(Encode(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString()));

        public void AppendFormatted<T>(T value, string format) where T : IFormattable =>
            _text.Append(Encode(value.ToString(format, CultureInfo.InvariantCulture)));
    }
}

/// <summary>Markup that <see cref="HtmlWriter"/> appends as it is: only for text this assembly wrote.</summary>
internal readonly record struct RawHtml(string Value);
