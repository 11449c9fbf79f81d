using Microsoft.CodeAnalysis;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// The Parsl types the analyzers recognise, resolved once per compilation by metadata name: the analyzers never
/// reference the runtime assembly, so they work against whichever version a project compiles with.
/// </summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation, INamedTypeSymbol appAttribute)
    {
        AppAttribute = appAttribute;
        BashAppAttribute = compilation.GetTypeByMetadataName("Parsl.BashAppAttribute");
        JoinAppAttribute = compilation.GetTypeByMetadataName("Parsl.JoinAppAttribute");
        AppFuture = compilation.GetTypeByMetadataName("Parsl.AppFuture");
        AppFutureOfT = compilation.GetTypeByMetadataName("Parsl.AppFuture`1");
        BashResult = compilation.GetTypeByMetadataName("Parsl.BashResult");
        DataFile = compilation.GetTypeByMetadataName("Parsl.DataFile");
        Unit = compilation.GetTypeByMetadataName("Parsl.Unit");
        IgnoreForCacheAttribute = compilation.GetTypeByMetadataName("Parsl.IgnoreForCacheAttribute");
        ExecutorLabelsAttribute = compilation.GetTypeByMetadataName("Parsl.ExecutorLabelsAttribute");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
    }

    public INamedTypeSymbol AppAttribute { get; }
    public INamedTypeSymbol? BashAppAttribute { get; }
    public INamedTypeSymbol? JoinAppAttribute { get; }
    public INamedTypeSymbol? AppFuture { get; }
    public INamedTypeSymbol? AppFutureOfT { get; }
    public INamedTypeSymbol? BashResult { get; }
    public INamedTypeSymbol? DataFile { get; }
    public INamedTypeSymbol? Unit { get; }
    public INamedTypeSymbol? IgnoreForCacheAttribute { get; }
    public INamedTypeSymbol? ExecutorLabelsAttribute { get; }
    public INamedTypeSymbol? CancellationToken { get; }

    /// <summary>The types, or null when the compilation does not use Parsl (then no analyzer has anything to do).</summary>
    public static KnownTypes? From(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Parsl.AppAttribute") is { } appAttribute ? new KnownTypes(compilation, appAttribute) : null;

    /// <summary>Whether <paramref name="type"/> is <c>AppFuture</c>, <c>AppFuture&lt;T&gt;</c> or derives from them.</summary>
    public bool IsFuture(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
            if (SymbolEqualityComparer.Default.Equals(current, AppFuture) || SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, AppFutureOfT))
                return true;
        return false;
    }
}
