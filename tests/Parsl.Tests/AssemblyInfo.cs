// One DataFlowKernel per process (as in Parsl): tests that load one must not overlap.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
