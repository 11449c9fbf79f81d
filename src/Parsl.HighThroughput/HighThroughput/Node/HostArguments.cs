using System.Globalization;

namespace Parsl.Executors.HighThroughput;

/// <summary>The <c>--name value</c> options a manager or worker is started with; a missing or malformed one is a clear error.</summary>
internal sealed class HostArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public HostArguments(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (name is null)
            {
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                    throw new ArgumentException($"unexpected argument '{arg}'");
                name = arg[2..];
                continue;
            }
            if (!_values.TryGetValue(name, out var list))
                _values[name] = list = [];
            list.Add(arg);
            name = null;
        }
        if (name is not null)
            throw new ArgumentException($"--{name} needs a value");
    }

    public string Required(string name) => Optional(name) ?? throw new ArgumentException($"--{name} is required");

    public string? Optional(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public int Int(string name, int? fallback = null) =>
        Optional(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback ?? throw new ArgumentException($"--{name} is required");

    public long Long(string name, long fallback) => Optional(name) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Optional(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Milliseconds(string name, TimeSpan fallback) =>
        Optional(name) is { } text ? TimeSpan.FromMilliseconds(long.Parse(text, CultureInfo.InvariantCulture)) : fallback;
}
