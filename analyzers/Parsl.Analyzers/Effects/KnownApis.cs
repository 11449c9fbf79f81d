using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using static Parsl.Analyzers.Apps.SymbolNames;

namespace Parsl.Analyzers.Effects;

/// <summary>Which framework APIs make a result depend on more than the arguments, and which values are immutable.</summary>
internal static class KnownApis
{
    private const string AnyMember = "*";

    // Static members, and the instance members of types whose every instance reads the clock or the machine.
    private static readonly Dictionary<string, HashSet<string>> s_nondeterministic = new()
    {
        ["System.DateTime"] = new() { "Now", "UtcNow", "Today" },
        ["System.DateTimeOffset"] = new() { "Now", "UtcNow" },
        ["System.Environment"] = new()
        {
            "TickCount", "TickCount64", "ProcessId", "GetEnvironmentVariable", "GetEnvironmentVariables", "MachineName",
            "UserName", "CurrentManagedThreadId", "ProcessorCount", "WorkingSet", "CurrentDirectory",
        },
        ["System.Guid"] = new() { "NewGuid", "CreateVersion7" },
        ["System.Random"] = new() { "Shared" },
        ["System.TimeProvider"] = new() { "GetUtcNow", "GetLocalNow", "GetTimestamp", "GetElapsedTime" },
        ["System.Diagnostics.Stopwatch"] = new() { "StartNew", "GetTimestamp", "GetElapsedTime", "Elapsed", "ElapsedMilliseconds", "ElapsedTicks" },
        ["System.Diagnostics.Process"] = new() { "GetCurrentProcess" },
        ["System.Security.Cryptography.RandomNumberGenerator"] = new() { AnyMember },
        // Hash codes that differ from one process to the next: randomized string hashing, HashCode's per-process seed,
        // and the identity hash of an object whose type does not override GetHashCode.
        ["System.String"] = new() { "GetHashCode" },
        ["System.StringComparer"] = new() { "GetHashCode" },
        ["System.HashCode"] = new() { AnyMember },
        ["System.Object"] = new() { "GetHashCode" },
        ["System.Runtime.CompilerServices.RuntimeHelpers"] = new() { "GetHashCode" },
    };

    private static readonly HashSet<string> s_networkTypes = new()
    {
        "System.Net.Http.HttpClient", "System.Net.Http.HttpMessageInvoker", "System.Net.Sockets.Socket",
        "System.Net.Sockets.TcpClient", "System.Net.Sockets.UdpClient", "System.Net.Sockets.TcpListener",
        "System.Net.Sockets.NetworkStream", "System.Net.Dns", "System.Net.WebClient", "System.Net.WebRequest",
    };

    private static readonly HashSet<string> s_fileReads = new()
    {
        "ReadAllText", "ReadAllTextAsync", "ReadAllBytes", "ReadAllBytesAsync", "ReadAllLines", "ReadAllLinesAsync",
        "ReadLines", "ReadLinesAsync", "OpenRead", "OpenText", "Open", "OpenHandle",
    };

    private static readonly HashSet<string> s_directoryListings = new()
    {
        "GetFiles", "GetDirectories", "GetFileSystemEntries", "EnumerateFiles", "EnumerateDirectories", "EnumerateFileSystemEntries",
    };

    private static readonly HashSet<string> s_fileReaderTypes = new() { "System.IO.StreamReader", "System.IO.FileStream" };

    private static readonly HashSet<string> s_originPreservingTypes = new()
    {
        "System.IO.Path", "System.String", "System.Linq.Enumerable", "System.Convert", "System.IO.FileInfo", "System.IO.DirectoryInfo",
    };

    private static readonly HashSet<string> s_mutators = new()
    {
        "Add", "AddRange", "Remove", "RemoveAt", "RemoveAll", "RemoveRange", "RemoveWhere", "Clear", "Insert", "InsertRange",
        "Enqueue", "Dequeue", "TryDequeue", "Push", "Pop", "TryPop", "TryAdd", "TryRemove", "TryTake", "TryUpdate",
        "AddOrUpdate", "GetOrAdd", "Sort", "Reverse", "Append", "AppendLine", "AppendFormat", "Set", "UnionWith",
        "ExceptWith", "IntersectWith", "Fill",
    };

    private static readonly HashSet<string> s_immutableTypes = new()
    {
        "System.DateTime", "System.DateTimeOffset", "System.TimeSpan", "System.Guid", "System.DateOnly", "System.TimeOnly",
        "System.Uri", "System.Type", "System.StringComparer", "System.Text.Encoding", "System.Text.RegularExpressions.Regex",
        "System.Version", "System.Globalization.CompareInfo",
    };

    /// <summary>
    /// How a message names <paramref name="member"/> if it gives a different value from run to run
    /// (<c>DateTime.Now</c>, <c>Guid.NewGuid()</c>), else null.
    /// </summary>
    public static string? Nondeterministic(ISymbol member)
    {
        if (member.ContainingType is not { } type || !s_nondeterministic.TryGetValue(FullName(type), out var members))
            return null;
        if (!members.Contains(member.Name) && !members.Contains(AnyMember))
            return null;
        return type.Name + "." + member.Name + (member is IMethodSymbol ? "()" : "")
            + (member.Name is "GetHashCode" or "Combine" or "ToHashCode" ? " (differs from process to process)" : "");
    }

    /// <summary>A network call (any method of a client, socket or DNS type), else null.</summary>
    public static string? NetworkCall(IMethodSymbol method)
    {
        if (method.IsStatic is false && method.Name is "Dispose" or "DisposeAsync" or "Close")
            return null;
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
            if (s_networkTypes.Contains(FullName(type)))
                return method.ContainingType.Name + "." + method.Name + "() (network)";
        return null;
    }

    /// <summary>
    /// Whether <paramref name="method"/> reads a file or lists a directory; the path is its first argument, or the
    /// <c>FileInfo</c>/<c>DirectoryInfo</c> it is called on.
    /// </summary>
    public static bool ReadsFile(IMethodSymbol method) => FullName(method.ContainingType) switch
    {
        "System.IO.File" => s_fileReads.Contains(method.Name),
        "System.IO.FileInfo" => s_fileReads.Contains(method.Name),
        "System.IO.Directory" => s_directoryListings.Contains(method.Name),
        "System.IO.DirectoryInfo" => s_directoryListings.Contains(method.Name),
        _ => false,
    };

    /// <summary>Whether constructing <paramref name="constructor"/>'s type opens the file named by its first argument.</summary>
    public static bool OpensFile(IMethodSymbol constructor) =>
        s_fileReaderTypes.Contains(FullName(constructor.ContainingType))
        && constructor.Parameters.FirstOrDefault() is { Type.SpecialType: SpecialType.System_String };

    /// <summary>Whether the result of <paramref name="method"/> is made only from its receiver and arguments (path, string and LINQ helpers).</summary>
    public static bool PassesOriginThrough(IMethodSymbol method) =>
        method.Name == "ToString" || s_originPreservingTypes.Contains(FullName(method.ContainingType));

    /// <summary>Whether constructing <paramref name="type"/> just wraps its arguments (a path as a <c>FileInfo</c> or <c>DataFile</c>).</summary>
    public static bool WrapsArguments(ITypeSymbol type) =>
        FullName(type) is "System.IO.FileInfo" or "System.IO.DirectoryInfo" or "Parsl.DataFile";

    /// <summary>Whether calling <paramref name="method"/> on a collection or builder changes it.</summary>
    public static bool Mutates(IMethodSymbol method) => IsMutatorName(method.Name);

    /// <summary>Whether a method of this name changes its receiver (see <see cref="Mutates"/>): readable from syntax alone.</summary>
    public static bool IsMutatorName(string name) => s_mutators.Contains(name);

    /// <summary>
    /// Whether no code can change a value of <paramref name="type"/> once made: primitives, strings, enums, delegates,
    /// readonly structs, the immutable and frozen collections, and types declared in source whose fields are all readonly
    /// and immutable (so positional records of such values are immutable).
    /// </summary>
    public static bool IsImmutable(ITypeSymbol type) => IsImmutable(type, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));

    private static bool IsImmutable(ITypeSymbol type, HashSet<ITypeSymbol> visiting)
    {
        if (type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String)
            return true;
        if (type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
            return true;
        if (type is not INamedTypeSymbol named || named.TypeKind is not (TypeKind.Class or TypeKind.Struct))
            return false;
        if (s_immutableTypes.Contains(FullName(named.OriginalDefinition))
            || NamespaceName(named) is "System.Collections.Immutable" or "System.Collections.Frozen")
            return true;
        if (named.IsValueType && named.IsReadOnly)
            return true;
        // Reference assemblies drop private fields, so only a type declared in source can be judged by its fields.
        if (named.SpecialType == SpecialType.System_Object || named.IsAbstract || !named.Locations.Any(location => location.IsInSource))
            return false;
        if (!visiting.Add(named))
            return true; // a cycle: the fields on the way decide
        if (named.BaseType is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType) } baseType && !IsImmutable(baseType, visiting))
            return false;
        return named.GetMembers().OfType<IFieldSymbol>()
            .Where(field => !field.IsStatic && !field.IsConst)
            .All(field => field.IsReadOnly && IsImmutable(field.Type, visiting));
    }
}
