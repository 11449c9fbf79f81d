namespace Parsl.Tests;

/// <summary>
/// Tests that run beside the in-process ones rather than after them: their workflows are child processes that mostly
/// wait (a run stopped for three heartbeat thresholds, a run killed and started again), they load no kernel in this
/// process, and they look only at their own processes and files. On CI's two cores that wait is time the suite no
/// longer adds up (docs/performance.md).
/// </summary>
[CollectionDefinition(Name)]
public sealed class BesideCollection
{
    public const string Name = "child-process runs, beside the in-process tests";
}
