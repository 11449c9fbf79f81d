namespace Parsl;

/// <summary>Leaves a parameter of a cached app out of its memo key (e.g. a log path or a verbosity flag).</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class IgnoreForCacheAttribute : Attribute;
