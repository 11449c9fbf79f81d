using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// Every type and member name declared in the compilation's source, read from its declaration table in one pass. Lets
/// syntax screens ask "is this name declared here?" in constant time: the compiler's own
/// <see cref="Compilation.ContainsSymbolsWithName(string, SymbolFilter, System.Threading.CancellationToken)"/> walks the
/// whole table for each name, which on the 1,000-app bench cost more than binding the bodies the screens let through.
/// </summary>
internal sealed class SourceNames
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public SourceNames(Compilation compilation)
    {
        // The predicate sees each declared name once; answering false keeps the walk going to the end.
        compilation.ContainsSymbolsWithName(name =>
        {
            _names.Add(name);
            return false;
        }, SymbolFilter.TypeAndMember);
    }

    /// <summary>Whether a type or member (an indexer as <see cref="WellKnownMemberNames.Indexer"/>) of this name is declared in source.</summary>
    public bool Contains(string name) => _names.Contains(name);
}
