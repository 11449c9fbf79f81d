using System.Collections.Generic;
using System.Text;
using Parsl.Generators.Model;

namespace Parsl.Generators;

/// <summary>
/// Splits a bash template into literal text and <c>{parameter}</c> / <c>{parameter:format}</c> placeholders.
/// <c>{{</c> and <c>}}</c> are literal braces; <c>${...}</c> and braces not followed by an identifier
/// (brace expansion, <c>{ cmd; }</c> groups) are left to the shell.
/// </summary>
internal static class BashTemplateParser
{
    public static bool TryParse(string template, out List<TemplateSegment> segments, out string? error, out int errorOffset)
    {
        segments = new List<TemplateSegment>();
        error = null;
        errorOffset = 0;
        var literal = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i += 2;
                continue;
            }
            if (c == '$' && i + 1 < template.Length && template[i + 1] == '{')
            {
                var close = template.IndexOf('}', i);
                var end = close < 0 ? template.Length : close + 1;
                literal.Append(template, i, end - i);
                i = end;
                continue;
            }
            if (c == '{' && i + 1 < template.Length && IsIdentifierStart(template[i + 1]))
            {
                var nameEnd = i + 2;
                while (nameEnd < template.Length && IsIdentifierPart(template[nameEnd]))
                    nameEnd++;
                var name = template.Substring(i + 1, nameEnd - i - 1);
                if (nameEnd < template.Length && (template[nameEnd] == '}' || template[nameEnd] == ':'))
                {
                    string? format = null;
                    var close = nameEnd;
                    if (template[nameEnd] == ':')
                    {
                        close = template.IndexOf('}', nameEnd);
                        if (close < 0)
                        {
                            error = $"the placeholder '{{{name}:' at offset {i} has no closing '}}'";
                            errorOffset = i;
                            return false;
                        }
                        format = template.Substring(nameEnd + 1, close - nameEnd - 1);
                    }
                    Flush(literal, segments, i);
                    segments.Add(new TemplateSegment(true, name, format, i, close + 1 - i));
                    i = close + 1;
                    continue;
                }
                if (nameEnd >= template.Length || char.IsWhiteSpace(template[nameEnd]))
                {
                    error = $"the placeholder '{{{name}' at offset {i} has no closing '}}' (write '{{{{' for a literal brace)";
                    errorOffset = i;
                    return false;
                }
            }
            literal.Append(c);
            i++;
        }
        Flush(literal, segments, template.Length);
        return true;
    }

    private static void Flush(StringBuilder literal, List<TemplateSegment> segments, int end)
    {
        if (literal.Length == 0)
            return;
        segments.Add(new TemplateSegment(false, literal.ToString(), null, end - literal.Length, literal.Length));
        literal.Clear();
    }

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
