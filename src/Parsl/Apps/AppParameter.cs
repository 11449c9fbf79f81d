namespace Parsl;

/// <summary>Static description of one app parameter, generated at compile time.</summary>
/// <param name="Name">The parameter's name in source.</param>
/// <param name="TypeName">The parameter's C# type, fully qualified.</param>
/// <param name="IsCancellationToken">True for a <see cref="CancellationToken"/> that the kernel supplies.</param>
public sealed record AppParameter(string Name, string TypeName, bool IsCancellationToken = false)
{
    /// <summary>True when the generated stub takes a value or a future (or futures) for it: all but a token.</summary>
    public bool AcceptsFutures => !IsCancellationToken;

    /// <summary>True for a <see cref="DataFile"/> the app writes (<see cref="OutputAttribute"/>): its call's
    /// <see cref="AppFuture.Outputs"/> has a <see cref="FileFuture"/> for it.</summary>
    public bool IsOutputFile { get; init; }
}
