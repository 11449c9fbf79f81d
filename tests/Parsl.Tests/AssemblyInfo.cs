// One DataFlowKernel per process (as in Parsl): the tests that load one here share the assembly's one collection and run
// one after another. The few whose workflows are child processes may run beside them (BesideCollection).
[assembly: Xunit.CollectionBehavior(Xunit.CollectionBehavior.CollectionPerAssembly, MaxParallelThreads = 2)]
