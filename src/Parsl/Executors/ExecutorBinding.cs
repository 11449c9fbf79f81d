namespace Parsl.Executors;

/// <summary>The executors one app may use under one run's routing; cached on the app's descriptor.</summary>
internal sealed record ExecutorBinding(ExecutorRouting Routing, IExecutor[] Executors);
