using System.Runtime.InteropServices;
using Parsl.Dashboard.Tool;

// Ctrl-C and SIGTERM stop the dashboard and end the process with 0.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
return await DashboardCommand.RunAsync(args, Console.Out, Console.Error, stop.Token);
