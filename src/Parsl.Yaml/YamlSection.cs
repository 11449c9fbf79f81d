using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Parsl;

/// <summary>
/// One mapping of a config file, read strictly: every key must be one the reader asks for (<see cref="EnsureAllRead"/>
/// names the others, with the keys allowed there), and every value must have the asked type. Errors name the file, line
/// and column. Values are echoed in errors only as their kind, never as their text: a config may hold a secret.
/// Readers of types added to <see cref="YamlConfigTypes"/> get the section of their <c>type:</c>.
/// </summary>
public sealed class YamlSection
{
    private readonly string _file;
    private readonly YamlMappingNode _node;
    private readonly string _where;
    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);

    internal YamlSection(string file, YamlNode node, string where)
    {
        _file = file;
        _where = where;
        _node = node as YamlMappingNode ?? throw Error(node, $"{where} must be a mapping of keys to values");
    }

    /// <summary>An error at this section: the file, line and column, then <paramref name="message"/>; throw it.</summary>
    public ConfigFileException Error(string message) => Error(_node, $"{_where}: {message}");

    internal ConfigFileException Error(YamlNode node, string message) => Error(node.Start, message);

    internal ConfigFileException Error(Mark mark, string message) => new($"{_file}:{mark.Line}:{mark.Column}: {Logging.Sentence.Clause(message)}.");

    private YamlNode? Find(string key)
    {
        _allowed.Add(key);
        foreach (var (name, value) in _node.Children)
        {
            if (name is YamlScalarNode { Value: var text } && text == key)
                return value;
        }
        return null;
    }

    /// <summary>Whether the key is present (it counts as read).</summary>
    public bool Has(string key) => Find(key) is not null;

    /// <summary>The key's value as text, or null when it is missing; a list or mapping there is an error.</summary>
    public string? String(string key)
    {
        var node = Find(key);
        if (node is null)
            return null;
        if (node is not YamlScalarNode scalar)
            throw Error(node, $"{_where}.{key} must be a single value, not a list or mapping");
        return scalar.Value;
    }

    /// <summary>As <see cref="String"/>, but a missing key is an error.</summary>
    public string RequiredString(string key) => String(key) ?? throw Error(_node, $"{_where} needs '{key}'");

    /// <summary>A whole number, or null when missing.</summary>
    public int? Int(string key) => Parse(key, "a whole number (at most 2147483647)", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; an error says the range and what was given.</summary>
    public int? Int(string key, int min, int max = int.MaxValue) => InRange(key, Int(key), min, max);

    /// <summary>A number, or null when missing.</summary>
    public double? Double(string key) => Parse(key, "a number", text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null);

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public double? Double(string key, double min, double max = double.MaxValue) => InRange(key, Double(key), min, max);

    private T? InRange<T>(string key, T? value, T min, T max)
        where T : struct, IComparable<T>
    {
        if (value is not { } v || (v.CompareTo(min) >= 0 && v.CompareTo(max) <= 0))
            return value;
        var range = max.Equals(MaxOf<T>()) ? $"at least {min}" : $"from {min} to {max}";
        throw Error(Find(key)!, $"{_where}.{key} must be {range}; it is {v}");
    }

    private static T MaxOf<T>() => typeof(T) == typeof(int) ? (T)(object)int.MaxValue : (T)(object)double.MaxValue;

    /// <summary>
    /// Runs the checks the built object makes of itself (the same ones a config written in C# meets when it is loaded),
    /// so that what they refuse is reported at this section of the file.
    /// </summary>
    public T Checked<T>(Func<T> build, Action<T>? validate = null)
    {
        try
        {
            var built = build();
            validate?.Invoke(built);
            return built;
        }
        catch (ArgumentException exception)
        {
            throw Error(_node, $"{_where}: {exception.Message}");
        }
    }

    /// <summary>true or false (also yes or no), or null when missing.</summary>
    public bool? Bool(string key) => Parse(key, "true or false", text => text switch { "true" or "True" or "yes" => true, "false" or "False" or "no" => false, _ => (bool?)null });

    /// <summary>A duration: <c>90s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, <c>250ms</c>, a plain number of seconds, or <c>hh:mm:ss</c>.</summary>
    public TimeSpan? Duration(string key) => Parse(key, "a duration such as 30s, 5m, 2h, 250ms or 01:30:00", ParseDuration);

    /// <summary>One of <paramref name="choices"/>; an error lists them.</summary>
    public string? Choice(string key, params string[] choices)
    {
        var text = String(key);
        if (text is null || choices.Contains(text, StringComparer.Ordinal))
            return text;
        throw Error(Find(key)!, $"{_where}.{key} must be one of {string.Join(", ", choices)}");
    }

    /// <summary>For a key that takes a list or a word instead of one: the word (one of <paramref name="choices"/>), or
    /// null when the key is missing or a list.</summary>
    public string? ChoiceInsteadOfList(string key, params string[] choices) =>
        Find(key) is YamlScalarNode { Value: var text } node
            ? choices.Contains(text, StringComparer.Ordinal) ? text
                : throw Error(node, $"{_where}.{key} must be a list, or one of {string.Join(", ", choices)}")
            : null;

    /// <summary>A list of single values, or null when missing.</summary>
    public IReadOnlyList<string>? Strings(string key)
    {
        var node = Find(key);
        if (node is null)
            return null;
        if (node is not YamlSequenceNode list)
            throw Error(node, $"{_where}.{key} must be a list");
        return [.. list.Children.Select(item => item is YamlScalarNode { Value: { } v } ? v : throw Error(item, $"each item of {_where}.{key} must be a single value"))];
    }

    /// <summary>Whether the key holds a single value (rather than a mapping or a list).</summary>
    public bool IsScalar(string key) => Find(key) is YamlScalarNode;

    /// <summary>The mapping under the key, or null when missing.</summary>
    public YamlSection? Section(string key) => Find(key) is { } node ? new YamlSection(_file, node, $"{_where}.{key}") : null;

    /// <summary>The list of mappings under the key; empty when missing.</summary>
    public IReadOnlyList<YamlSection> Sections(string key)
    {
        var node = Find(key);
        if (node is null)
            return [];
        if (node is not YamlSequenceNode list)
            throw Error(node, $"{_where}.{key} must be a list");
        return [.. list.Children.Select((item, i) => new YamlSection(_file, item, $"{_where}.{key}[{i}]"))];
    }

    /// <summary>The keys present, in the file's order: for a mapping whose keys are names (app ids) rather than settings.</summary>
    public IReadOnlyList<string> Keys => [.. _node.Children.Select(child => (child.Key as YamlScalarNode)?.Value ?? "")];

    /// <summary>Fails on a key nothing asked for: a typo must not be ignored.</summary>
    public void EnsureAllRead()
    {
        foreach (var (name, _) in _node.Children)
        {
            var text = (name as YamlScalarNode)?.Value ?? "";
            if (!_allowed.Contains(text))
                throw Error(name, $"{_where} has no key '{text}'; the keys allowed there are {string.Join(", ", _allowed.Order(StringComparer.Ordinal))}");
        }
    }

    internal YamlNode Node => _node;

    /// <summary>The executor, provider, launcher or channel the section under <paramref name="key"/> names by its
    /// <c>type:</c> (see <see cref="YamlConfigTypes"/>), or null when the key is missing.</summary>
    public T? Typed<T>(string key) where T : class => Section(key) is { } section ? YamlConfigTypes.Read<T>(section) : null;

    private T? Parse<T>(string key, string expected, Func<string, T?> parse)
        where T : struct
    {
        var text = String(key);
        if (text is null)
            return null;
        return parse(text.Trim()) ?? throw Error(Find(key)!, $"{_where}.{key} must be {expected}");
    }

    private static TimeSpan? ParseDuration(string text)
    {
        if (TimeSpan.TryParseExact(text, ["hh\\:mm\\:ss", "h\\:mm\\:ss", "d\\.hh\\:mm\\:ss"], CultureInfo.InvariantCulture, out var exact))
            return exact;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : text.EndsWith('d') ? (text[..^1], 86400.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? TimeSpan.FromSeconds(value * unit)
            : null;
    }
}
