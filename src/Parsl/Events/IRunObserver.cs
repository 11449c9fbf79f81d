namespace Parsl.Events;

/// <summary>
/// Sees everything a run does (<see cref="RunEvent"/>), as it happens, on the thread where it happens: keep
/// <see cref="OnEvent"/> short and thread-safe, and hand slow work (a database, a network) to a queue of your own.
/// Add one with <see cref="ParslConfig.Observers"/> or <see cref="DataFlowKernel.Observe"/>; a run with none pays
/// nothing for events. An observer that throws is logged and dropped; the run goes on.
/// </summary>
public interface IRunObserver
{
    /// <summary>One event; <paramref name="e"/> is valid only during the call (copy what you keep).</summary>
    void OnEvent(in RunEvent e);
}
