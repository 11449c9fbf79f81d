using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Whether a method or type of a given name can hand back a future: one declared in this compilation (an app's stub, a
/// helper returning a future), or in the Parsl library itself. Lets a statement be judged by the name it calls before
/// anything in it is bound. One per compilation, answers remembered per name.
/// </summary>
internal sealed class FutureReturningNames(Compilation compilation, KnownTypes types)
{
    private readonly ConcurrentDictionary<string, bool> _answers = new();
    private HashSet<string>? _library;
    private System.Func<string, bool>? _declaredInSource;

    // Asked of every statement that calls something: the library set first, then whether source declares the name at
    // all (a set lookup), and only then which symbols those are; no delegate made per call.
    public bool Contains(string name) =>
        Library.Contains(name) || types.SourceNames.Contains(name) && _answers.GetOrAdd(name, _declaredInSource ??= DeclaredInSource);

    private bool DeclaredInSource(string name)
    {
        foreach (var symbol in compilation.GetSymbolsWithName(name, SymbolFilter.TypeAndMember))
        {
            if (symbol is IMethodSymbol method && types.IsFuture(method.ReturnType) || symbol is ITypeSymbol type && types.IsFuture(type))
                return true;
        }
        return false;
    }

    // Read from metadata once: the future types and every public method returning one.
    private HashSet<string> Library => System.Threading.LazyInitializer.EnsureInitialized(ref _library, () =>
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        if ((types.AppFuture ?? types.AppFutureOfT)?.ContainingNamespace is { } parsl)
            Add(parsl, names);
        return names;
    })!;

    private void Add(INamespaceOrTypeSymbol container, HashSet<string> names)
    {
        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceSymbol nested:
                    Add(nested, names);
                    break;
                case INamedTypeSymbol { DeclaredAccessibility: Accessibility.Public } type:
                    if (types.IsFuture(type))
                        names.Add(type.Name);
                    Add(type, names);
                    break;
                case IMethodSymbol { DeclaredAccessibility: Accessibility.Public } method when types.IsFuture(method.ReturnType):
                    names.Add(method.Name);
                    break;
            }
        }
    }
}
