using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
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

    // Read from metadata once per Parsl assembly, not per compilation: the compiler shares a reference's symbols between
    // the compilations that use it (every build in a compiler server, every keystroke in the IDE), and walking the
    // library's public surface is a good part of what this analyzer costs a build.
    private static readonly ConditionalWeakTable<IAssemblySymbol, HashSet<string>> s_libraries = new();

    private HashSet<string> Library => _library ??= (types.AppFuture ?? types.AppFutureOfT) is { ContainingAssembly: { } parsl } future
        ? s_libraries.GetValue(parsl, _ => LibraryNames(future.ContainingNamespace))
        : new HashSet<string>();

    // The future types and every public method returning one.
    private HashSet<string> LibraryNames(INamespaceSymbol parsl)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        Add(parsl, names);
        return names;
    }

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
