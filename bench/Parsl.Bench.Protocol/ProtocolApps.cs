namespace Parsl.Bench.Protocol;

/// <summary>The app the stand-in managers answer for, without running it.</summary>
public static partial class ProtocolApps
{
    /// <summary>A no-op: its result is a long 0, as the stand-ins write it.</summary>
    [App]
    public static partial long Noop() => 0;
}
