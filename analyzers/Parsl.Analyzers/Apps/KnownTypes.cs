using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Parsl.Analyzers.Apps;

/// <summary>
/// The Parsl types the analyzers recognise, resolved once per compilation by metadata name: the analyzers never
/// reference the runtime assembly, so they work against whichever version a project compiles with. One instance per
/// compilation is shared by every analyzer (see <see cref="From"/>), with the per-compilation memos they share.
/// </summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation, INamedTypeSymbol appAttribute)
    {
        _compilation = compilation;
        AppAttribute = appAttribute;
        // The rest of Parsl is looked up in the assembly that declares the attribute: a compilation-wide lookup searches
        // every reference (to report ambiguities), a cost paid once per build for each name.
        var parsl = appAttribute.ContainingAssembly;
        BashAppAttribute = parsl.GetTypeByMetadataName("Parsl.BashAppAttribute");
        JoinAppAttribute = parsl.GetTypeByMetadataName("Parsl.JoinAppAttribute");
        AppFuture = parsl.GetTypeByMetadataName("Parsl.AppFuture");
        IgnoreForCacheAttribute = parsl.GetTypeByMetadataName("Parsl.IgnoreForCacheAttribute");
        ExecutorLabelsAttribute = parsl.GetTypeByMetadataName("Parsl.ExecutorLabelsAttribute");
    }

    public INamedTypeSymbol AppAttribute { get; }
    public INamedTypeSymbol? BashAppAttribute { get; }
    public INamedTypeSymbol? JoinAppAttribute { get; }
    public INamedTypeSymbol? AppFuture { get; }
    /// <summary>From the type model's table, which the generator reads too: one lookup per compilation for both.</summary>
    public INamedTypeSymbol? AppFutureOfT => Model.AppFutureOfT;
    public INamedTypeSymbol? IgnoreForCacheAttribute { get; }
    public INamedTypeSymbol? ExecutorLabelsAttribute { get; }
    public INamedTypeSymbol? CancellationToken => Model.CancellationToken;

    private static readonly ConditionalWeakTable<Compilation, Holder> s_perCompilation = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    /// <summary>The type model's table of known types for this compilation, shared with the generator's code.</summary>
    internal Parsl.TypeModel.KnownTypeSymbols Model => Parsl.TypeModel.KnownTypeSymbols.For(_compilation);

    /// <summary>The type model of this compilation (each reader memoizes its answers).</summary>
    internal Parsl.TypeModel.TypeShapes Shapes => Model.Shapes;

    /// <summary>
    /// The types, or null when the compilation does not use Parsl (then no analyzer has anything to do). Resolved once
    /// per compilation and shared by all the analyzers.
    /// </summary>
    public static KnownTypes? From(Compilation compilation) => s_perCompilation.GetValue(compilation, Resolve).Types;

    private static Holder Resolve(Compilation compilation) =>
        new(compilation.GetTypeByMetadataName("Parsl.AppAttribute") is { } appAttribute ? new KnownTypes(compilation, appAttribute) : null);

    /// <summary>
    /// The operations of <paramref name="method"/>'s body, one per declaration (the method body operation); empty when
    /// it has none. Only what is asked for is bound.
    /// </summary>
    public ImmutableArray<IOperation> BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var blocks = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree))
                continue;
            var node = reference.GetSyntax(cancellationToken);
            if (ModelFor(node.SyntaxTree).GetOperation(node, cancellationToken) is { } body)
                blocks.Add(body);
        }
        return blocks.ToImmutable();
    }

    /// <summary>
    /// The semantic model of <paramref name="tree"/>, one per tree for the whole compilation. The compiler's analyzer
    /// driver hands the same cached model out, so the bodies bound here are not bound twice.
    /// </summary>
#pragma warning disable RS1030 // symbol actions get no semantic model; apps and their callees live in any tree
    public SemanticModel ModelFor(SyntaxTree tree) => _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030

    private FutureReturningNames? _futureReturningNames;
    private Lazy<SourceNames>? _sourceNames;

    /// <summary>Every type and member name declared in source, read once per compilation (by one thread; the others wait).</summary>
    public SourceNames SourceNames => LazyInitializer.EnsureInitialized(ref _sourceNames, () => new Lazy<SourceNames>(() => new SourceNames(_compilation)))!.Value;

    /// <summary>The names of methods and types that can hand back a future, asked of the statements that may drop one.</summary>
    public FutureReturningNames FutureReturningNames => LazyInitializer.EnsureInitialized(ref _futureReturningNames, () => new FutureReturningNames(_compilation, this))!;

    private HashSet<string>? _declaredExecutorLabels;

    /// <summary>Every label in the assembly's <c>[assembly: ExecutorLabels(...)]</c> attributes, read once per compilation.</summary>
    public HashSet<string> DeclaredExecutorLabels => LazyInitializer.EnsureInitialized(ref _declaredExecutorLabels, ReadDeclaredExecutorLabels)!;

    /// <summary>The declared labels as a message lists them: <c>'local', 'midway'</c>.</summary>
    public string DeclaredExecutorLabelsText => string.Join(", ", DeclaredExecutorLabels.OrderBy(l => l, StringComparer.Ordinal).Select(l => "'" + l + "'"));

    private HashSet<string> ReadDeclaredExecutorLabels()
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        if (ExecutorLabelsAttribute is null)
            return labels;
        foreach (var attribute in _compilation.Assembly.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, ExecutorLabelsAttribute))
                continue;
            foreach (var argument in attribute.ConstructorArguments)
            {
                var values = argument.Kind == TypedConstantKind.Array ? argument.Values : ImmutableArray.Create(argument);
                labels.UnionWith(values.Select(v => v.Value).OfType<string>());
            }
        }
        return labels;
    }

    private sealed class Holder(KnownTypes? types)
    {
        public KnownTypes? Types { get; } = types;
    }

    /// <summary>Whether <paramref name="type"/> is <c>AppFuture</c>, <c>AppFuture&lt;T&gt;</c> or derives from them.</summary>
    public bool IsFuture(ITypeSymbol? type)
    {
        if (AppFuture is null && AppFutureOfT is null)
            return false;
        for (var current = type; current is not null; current = current.BaseType)
            if (SymbolEqualityComparer.Default.Equals(current, AppFuture) || SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, AppFutureOfT))
                return true;
        return false;
    }
}
