using System.Text.RegularExpressions;

namespace Parsl.Package.Tests;

/// <summary>A fenced code block of a Markdown page, with the line its code starts on (for the failure message).</summary>
internal sealed record CodeBlock(string Page, int Line, string Language, string Code)
{
    /// <summary>e.g. <c>README.md:12</c>: what a reader searches for to find the block.</summary>
    public string Where => $"{Page}:{Line}";
}

/// <summary>Reads the fenced code blocks (<c>```lang</c> … <c>```</c>) out of Markdown pages.</summary>
internal static partial class MarkdownCode
{
    public static IEnumerable<CodeBlock> Blocks(string repositoryRoot, string page, string language)
    {
        var lines = File.ReadAllLines(Path.Combine(repositoryRoot, page));
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
                continue;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].Trim() != "```")
                end++;
            Assert.True(end < lines.Length, $"{page}:{i + 1}: a code block that is never closed");
            if (open.Groups[1].Value == language)
                yield return new CodeBlock(page, start + 1, language, string.Join('\n', lines[start..end]) + "\n");
            i = end;
        }
    }

    [GeneratedRegex(@"^```(\w*)\s*$")]
    private static partial Regex Fence();
}
