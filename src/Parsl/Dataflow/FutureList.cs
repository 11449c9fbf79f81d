using System.Collections;
using System.Runtime.CompilerServices;

namespace Parsl;

/// <summary>
/// A collection argument whose elements may each be a value or a future: an array or list of values, an array
/// or list of <see cref="AppFuture{T}"/>, a collection expression mixing both (<c>[a, b, .. more]</c>), or the
/// future of a whole array. The task waits for every future in it and receives a plain collection.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
[CollectionBuilder(typeof(FutureList), nameof(FutureList.Create))]
public readonly struct FutureList<T> : IEnumerable<Future<T>>, IAppArgument
{
    // One of: T[] (plain values), AppFuture<T>[] (all futures), Future<T>[] (mixed),
    // AppFuture<T[]>, AppFuture<IReadOnlyList<T>> or AppFuture<List<T>> (one future of the whole collection).
    private readonly object? _items;

    private FutureList(object? items) => _items = items;

    /// <summary>Number of elements, when known before the inputs resolve.</summary>
    public int Count => _items switch
    {
        T[] values => values.Length,
        AppFuture<T>[] futures => futures.Length,
        Future<T>[] mixed => mixed.Length,
        null => 0,
        _ => -1,
    };

    /// <summary>Plain values.</summary>
    public static implicit operator FutureList<T>(T[] values) => new(Snapshot(values));

    /// <summary>Plain values.</summary>
    public static implicit operator FutureList<T>(List<T> values) => new(values.ToArray());

    /// <summary>Futures of other tasks.</summary>
    public static implicit operator FutureList<T>(AppFuture<T>[] futures) => new(Snapshot(futures));

    /// <summary>Futures of other tasks.</summary>
    public static implicit operator FutureList<T>(List<AppFuture<T>> futures) => new(futures.ToArray());

    /// <summary>A mix of values and futures.</summary>
    public static implicit operator FutureList<T>(Future<T>[] items) => new(Snapshot(items));

    /// <summary>The future of a whole array.</summary>
    public static implicit operator FutureList<T>(AppFuture<T[]> future) => new(future);

    /// <summary>The future of a whole read-only list.</summary>
    public static implicit operator FutureList<T>(AppFuture<IReadOnlyList<T>> future) => new(future);

    /// <summary>The future of a whole list.</summary>
    public static implicit operator FutureList<T>(AppFuture<List<T>> future) => new(future);

    internal static FutureList<T> FromItems(Future<T>[] items) => new(items);

    /// <summary>True for a list that was never given (the default value of the struct); generated code reads it for an omitted argument.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public bool IsDefault => _items is null;

    /// <inheritdoc />
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        switch (_items)
        {
            case AppFuture<T>[] futures:
                foreach (var future in futures)
                    visitor.Visit(future, parameterIndex);
                break;
            case Future<T>[] mixed:
                foreach (var item in mixed)
                    visitor.Visit(item.Source, parameterIndex);
                break;
            case AppFuture whole:
                visitor.Visit(whole, parameterIndex);
                break;
        }
    }

    /// <summary>The resolved elements; valid once every future in the collection has completed.</summary>
    public T[] ToArray()
    {
        switch (_items)
        {
            case null:
                return [];
            case T[] values:
                return values;
            case AppFuture<T>[] futures:
                var fromFutures = new T[futures.Length];
                for (var i = 0; i < futures.Length; i++)
                    fromFutures[i] = futures[i].GetCompletedResult();
                return fromFutures;
            case Future<T>[] mixed:
                var fromMixed = new T[mixed.Length];
                for (var i = 0; i < mixed.Length; i++)
                    fromMixed[i] = mixed[i].Value;
                return fromMixed;
            case AppFuture<T[]> wholeArray:
                return wholeArray.GetCompletedResult();
            case AppFuture<IReadOnlyList<T>> wholeReadOnlyList:
                return [.. wholeReadOnlyList.GetCompletedResult()];
            case AppFuture<List<T>> wholeList:
                return [.. wholeList.GetCompletedResult()];
            default:
                throw new InvalidOperationException($"Unexpected FutureList storage {_items.GetType()}.");
        }
    }

    /// <summary>The resolved elements as a <see cref="List{T}"/>.</summary>
    public List<T> ToList() => [.. ToArray()];

    /// <inheritdoc />
    public IEnumerator<Future<T>> GetEnumerator()
    {
        switch (_items)
        {
            case T[] values:
                foreach (var value in values)
                    yield return value;
                break;
            case AppFuture<T>[] futures:
                foreach (var future in futures)
                    yield return future;
                break;
            case Future<T>[] mixed:
                foreach (var item in mixed)
                    yield return item;
                break;
            case AppFuture whole:
                throw new InvalidOperationException($"The elements of {whole} are not known until it completes.");
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Arguments are captured at call time, as in Parsl: later changes to the caller's array do not leak in.
    private static TItem[] Snapshot<TItem>(TItem[] items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return (TItem[])items.Clone();
    }
}

/// <summary>Builds <see cref="FutureList{T}"/> from collection expressions.</summary>
public static class FutureList
{
    /// <summary>Builds a list from a collection expression such as <c>[a, b, .. futures]</c>.</summary>
    public static FutureList<T> Create<T>(ReadOnlySpan<Future<T>> items) => FutureList<T>.FromItems(items.ToArray());
}
