using System.Runtime.InteropServices;

namespace Parsl.Dataflow;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP during a run: the first cancels it (tasks not started are cancelled, running ones see
/// their token), then, with <see cref="ParslConfig.ExitOnCtrlC"/>, the kernel is disposed and the process exits with the
/// signal's code after a one-line summary; a second signal ends the process at once. A signal while the executors
/// still start is kept for <see cref="DataFlowKernel.LoadAsync"/>, which stops what started and exits (or throws) itself.
/// SIGHUP comes when the terminal or the ssh session the run was started from goes away: without a handler .NET would
/// end at once, skipping the checkpoint's last write and the executors' shutdown. A run started under <c>nohup</c>
/// keeps ignoring it: .NET leaves a signal ignored at start ignored, and the handler is never called.
/// </summary>
internal sealed class RunSignals(DataFlowKernel kernel, bool exitOnSignal) : IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];
    private volatile bool _exiting;

    /// <summary>The signal that came while the run started, if one did.</summary>
    public (string Name, int ExitCode)? DuringStart { get; private set; }

    /// <summary>True once a signal ends the process: the summary line replaces the failure report.</summary>
    public bool Exiting => _exiting;

    public void Register()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsBrowser() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsAndroid())
            return;
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, "Ctrl-C", 130)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, "SIGTERM", 143)));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => OnSignal(context, "SIGHUP", 129)));
    }

    private void OnSignal(PosixSignalContext context, string name, int exitCode)
    {
        if (kernel.CancellationToken.IsCancellationRequested && exitOnSignal)
            return; // a second signal: let the default handler end the process at once
        context.Cancel = true;
        if (!kernel.IsStarted)
        {
            DuringStart ??= (name, exitCode);
            _exiting = exitOnSignal;
            kernel.Cancel(name);
            return;
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

    /// <summary>Disposes the kernel (cancelling what is left), prints the run's summary and ends the process with <paramref name="exitCode"/>.</summary>
    public void ExitAfterCancellation(string signal, int exitCode)
    {
        kernel.DisposeAsync(ExitMode.Cancel).AsTask().GetAwaiter().GetResult();
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
