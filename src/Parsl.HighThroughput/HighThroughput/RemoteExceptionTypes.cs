using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Recreates an app's exception from a worker as its own type, so that <c>catch (ArgumentException)</c> keeps matching
/// when a workflow moves from threads to worker processes: the worker ran the same compiled code, so the type exists here.
/// </summary>
/// <remarks>
/// What keeps it safe: the message comes only from a manager that proved the run's token over an encrypted link; the
/// type is looked up by name only in assemblies already loaded in this process that the workflow's apps come from, that
/// they reference, or the core library (no assembly is ever loaded on a message's word); it must be a public,
/// non-abstract <see cref="Exception"/>; it is made through its public (message, inner) or (message) constructor, and is
/// kept only if its message then reads as the worker's did. Anything else stays a <see cref="RemoteAppException"/> that
/// names the type.
/// </remarks>
internal static class RemoteExceptionTypes
{
    /// <summary>The exception with its type, message, remote stack trace and inner exceptions, or null when the type cannot be recreated.</summary>
    public static Exception? Recreate(RemoteFailure failure)
    {
        var inner = failure.Inner is { } cause ? Recreate(cause) ?? StandIn(cause) : null;
        var exception = Construct(failure, inner);
        if (exception is null)
            return null;
        // The worker's frames, shown by StackTrace and ToString() as the part before this process's own.
        ExceptionDispatchInfo.SetRemoteStackTrace(exception, (failure.StackTrace ?? "") + Environment.NewLine);
        return exception;
    }

    /// <summary>An inner exception whose type cannot be recreated still keeps its place in the chain, its type named in the message.</summary>
    private static Exception StandIn(RemoteFailure failure)
    {
        var inner = failure.Inner is { } cause ? Recreate(cause) ?? StandIn(cause) : null;
        var exception = new Exception($"{failure.TypeName}: {failure.Message}", inner);
        ExceptionDispatchInfo.SetRemoteStackTrace(exception, (failure.StackTrace ?? "") + Environment.NewLine);
        return exception;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A type trimmed away is not found, and the failure stays a RemoteAppException.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "As above: a constructor trimmed away is not found.")]
    private static Exception? Construct(RemoteFailure failure, Exception? inner)
    {
        var assembly = AllowedAssembly(failure.AssemblyName);
        var type = assembly?.GetType(failure.TypeName, throwOnError: false, ignoreCase: false);
        if (type is null || !type.IsVisible || type.IsAbstract || type.ContainsGenericParameters || !typeof(Exception).IsAssignableFrom(type))
            return null;
        try
        {
            var exception = type.GetConstructor([typeof(string), typeof(Exception)]) is { } withInner
                ? (Exception)withInner.Invoke([failure.Message, inner])
                : inner is null && type.GetConstructor([typeof(string)]) is { } messageOnly
                    ? (Exception)messageOnly.Invoke([failure.Message])
                    : null;
            // A constructor whose string is not the message (a parameter name, an object name) would misreport it.
            return exception?.Message == failure.Message ? exception : null;
        }
        catch (Exception)
        {
            return null; // a constructor that throws, or a type whose Message throws: it stays a RemoteAppException
        }
    }

    /// <summary>The loaded assembly of that simple name, if it is the core library, a workflow assembly holding apps, or one they reference.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A reference trimmed away only narrows what is recreated; the rest stays a RemoteAppException.")]
    private static Assembly? AllowedAssembly(string name)
    {
        if (typeof(object).Assembly.GetName().Name == name)
            return typeof(object).Assembly;
        var apps = AppRegistry.Assemblies;
        var allowed = apps.Any(a => a.GetName().Name == name) || apps.Any(a => a.GetReferencedAssemblies().Any(r => r.Name == name));
        return allowed ? AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name) : null;
    }
}
