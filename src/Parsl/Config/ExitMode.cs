namespace Parsl;

/// <summary>What disposing a kernel does with the tasks still outstanding (Parsl's <c>exit_mode</c>).</summary>
public enum ExitMode
{
    /// <summary>Wait for every outstanding task to finish (the default).</summary>
    Wait,

    /// <summary>Cancel outstanding tasks, and wait at most <see cref="ParslConfig.CancellationGracePeriod"/> for running ones to stop.</summary>
    Cancel,

    /// <summary>Cancel outstanding tasks and wait for nothing: what is still running is abandoned at once.</summary>
    Skip,
}
