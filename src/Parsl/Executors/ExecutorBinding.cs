namespace Parsl.Executors;

/// <summary>The executors one app may use under one kernel; cached on the app's descriptor.</summary>
internal sealed record ExecutorBinding(DataFlowKernel Kernel, IExecutor[] Executors);
