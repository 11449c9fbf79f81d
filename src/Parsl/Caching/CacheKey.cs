using System.Globalization;

namespace Parsl;

/// <summary>The memo key of one app call: a 128-bit hash of the app's id, its code, and its arguments' values.</summary>
/// <param name="Value">The hash.</param>
public readonly record struct CacheKey(UInt128 Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString("x32", CultureInfo.InvariantCulture);
}
