namespace Parsl;

/// <summary>The result of an app that returns nothing (<c>void</c> or <see cref="Task"/>).</summary>
public readonly record struct Unit
{
    /// <summary>The only value.</summary>
    public static Unit Value => default;

    /// <summary>Adapts a <see cref="Task"/>-returning app method to a result of <see cref="Unit"/>; called by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static async ValueTask<Unit> After(Task body)
    {
        await body.ConfigureAwait(false);
        return default;
    }

    /// <summary>Adapts a <see cref="ValueTask"/>-returning app method to a result of <see cref="Unit"/>; called by generated code.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static async ValueTask<Unit> After(ValueTask body)
    {
        await body.ConfigureAwait(false);
        return default;
    }

    /// <inheritdoc />
    public override string ToString() => "()";
}
