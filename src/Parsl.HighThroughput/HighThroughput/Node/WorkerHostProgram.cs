namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The entry point of Parsl.HighThroughput.dll when a block starts it: <c>dotnet exec --depsfile app.deps.json --runtimeconfig
/// app.runtimeconfig.json Parsl.HighThroughput.dll manager …</c> runs a block's manager, which starts its workers the same way with
/// <c>worker</c>. The workflow's assemblies are loaded by path, resolved through the workflow's own dependency file, so
/// workers run the workflow's compiled apps (found by id in <see cref="AppRegistry"/>) and nothing else. See
/// docs/design.md for why a host rather than re-running the workflow program.
/// </summary>
internal static class WorkerHostProgram
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("manager" or "worker"))
        {
            Console.Error.WriteLine("Parsl.HighThroughput.dll hosts the processes of a HighThroughputExecutor; the executor starts it as 'manager' (which starts 'worker's). It is not run by hand.");
            return 2;
        }
        // A node's cores belong to its tasks: an idle pool thread sleeps at once rather than spinning (and yielding the core
        // back and forth) in case more work comes. Read when the pool first starts, so before anything queues to it.
        AppContext.SetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", 0);
        try
        {
            var options = new HostArguments(args.Skip(1));
            // Before anything else: a program rebuilt while its blocks run must not have its new build read old tasks.
            WorkflowBuild.Verify(options, args[0], WorkflowBuild.IdOf);
            if (args[0] == "worker")
                return new Worker(options).Run();
            // A directory that is never made: the run's own, so nothing else can put certificates there.
            SystemTrustStore.HideFromThisProcess(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Required("secret-file")))!, "no-system-certificates"));
            return new Manager(options).Run();
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"parsl {args[0]}: bad arguments: {exception.Message}");
            return 2;
        }
        catch (Exception exception)
        {
            // One line the block's status can show (its stderr tail), then the details.
            Console.Error.WriteLine(exception);
            Console.Error.WriteLine($"parsl {args[0]} {Environment.ProcessId} failed: {exception.Message}");
            return 1;
        }
    }
}
