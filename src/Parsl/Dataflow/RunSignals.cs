using System.Runtime.InteropServices;

namespace Parsl.Dataflow;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP during a run: the first cancels it (tasks not started are cancelled, running ones see
/// their token), then, with <see cref="ParslConfig.ExitOnCtrlC"/>, the kernel is disposed and the process exits with the
/// signal's code after a one-line summary; a second Ctrl-C or SIGTERM ends the process at once. A signal while the executors
/// still start is kept for <see cref="DataFlowKernel.LoadAsync"/>, which stops what started and exits (or throws) itself.
/// SIGHUP comes when the terminal or the ssh session the run was started from goes away: without a handler .NET would
/// end at once, skipping the checkpoint's last write and the executors' shutdown. A run started under <c>nohup</c>
/// keeps ignoring it: .NET leaves a signal ignored at start ignored, and the handler is never called. A hang-up often
/// comes twice (the kernel sends it to the terminal's foreground job, and the shell passes its own on to its jobs), and
/// nobody sent it on purpose: a SIGHUP never cuts a shutdown short.
/// </summary>
internal sealed class RunSignals(DataFlowKernel kernel, bool exitOnSignal) : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly Lock _gate = new();
    private bool _started;
    private volatile bool _exiting;

    /// <summary>The signal that came while the run started, if one did.</summary>
    public (string Name, int ExitCode)? DuringStart { get; private set; }

    /// <summary>True once a signal ends the process: the summary line replaces the failure report, and nothing of the user's code runs after the shutdown.</summary>
    public bool Exiting => _exiting;

    public void Register()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsBrowser() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsAndroid())
            return;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, "Ctrl-C", 130)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, "SIGTERM", 143)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => OnSignal(context, "SIGHUP", 129)));
    }

    /// <summary>
    /// Marks the run started: from now on a signal shuts it down itself. False when a signal came during the start, which
    /// the start must then end as <see cref="DuringStart"/> says (checked under the same lock as the signal's own choice,
    /// so a signal in the last instant of the start is handled by exactly one of the two).
    /// </summary>
    public bool TryMarkStarted()
    {
        lock (_gate)
        {
            _started = DuringStart is null;
            return _started;
        }
    }

    private void OnSignal(PosixSignalContext context, string name, int exitCode)
    {
        if (kernel.CancellationToken.IsCancellationRequested && context.Signal == PosixSignal.SIGHUP)
        {
            context.Cancel = true; // the run already stops; a hang-up is no one asking for it faster
            return;
        }
        if (kernel.CancellationToken.IsCancellationRequested && exitOnSignal)
            return; // a second signal: let the default handler end the process at once
        context.Cancel = true;
        lock (_gate)
        {
            if (!_started)
            {
                DuringStart ??= (name, exitCode);
                _exiting = exitOnSignal;
                kernel.Cancel(name);
                return;
            }
        }
        if (!exitOnSignal)
        {
            kernel.Cancel(name);
            return;
        }
        _exiting = true;
        kernel.Cancel(name);
        new Thread(() => ExitAfterCancellation(name, exitCode)) { Name = "parsl-signal-shutdown" }.Start();
    }

    /// <summary>
    /// Disposes the kernel (cancelling what is left, or joining a disposal under way), prints the run's summary and ends
    /// the process with <paramref name="exitCode"/>. The handlers stay registered until then: a hang-up during the
    /// shutdown must not end it by the default action.
    /// </summary>
    public void ExitAfterCancellation(string signal, int exitCode)
    {
        kernel.DisposeOnceAsync(ExitMode.Cancel).GetAwaiter().GetResult();
        var counts = kernel.Counts;
        Hosting.ScriptHost.Exit(
            $"parsl: {signal}: cancelled the run after {kernel.Elapsed.TotalSeconds:0.0} s: {counts.Done} done, {counts.Failed} failed, " +
            $"{counts.Cancelled + counts.DependencyFailed} cancelled or skipped, {counts.Outstanding} abandoned; log: {Path.Combine(kernel.RunDirectory, "parsl.log")}", exitCode);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
