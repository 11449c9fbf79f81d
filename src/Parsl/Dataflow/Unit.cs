namespace Parsl;

/// <summary>The result of an app that returns nothing (<c>void</c> or <see cref="Task"/>).</summary>
public readonly record struct Unit
{
    /// <summary>The only value.</summary>
    public static Unit Value => default;

    /// <inheritdoc />
    public override string ToString() => "()";
}
