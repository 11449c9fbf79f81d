using System.ComponentModel;
using Parsl.Dataflow;

namespace Parsl;

/// <summary>
/// Turns the futures a join app returns as a collection into the one future the join completes with: the results in
/// order once all are done (an empty collection at once), or the failure of those that failed. Called by generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JoinResults
{
    private static readonly AppDescriptor s_gathering = new(AppKind.Join, new() { Id = "Parsl.JoinResults", ReturnTypeName = "list" });

    /// <summary>The results as an array.</summary>
    public static AppFuture<T[]> Array<T>(IEnumerable<AppFuture<T>> futures) => new GatheredFuture<T, T[]>(futures, static results => results);

    /// <summary>The results as a list.</summary>
    public static AppFuture<List<T>> List<T>(IEnumerable<AppFuture<T>> futures) => new GatheredFuture<T, List<T>>(futures, static results => [.. results]);

    /// <summary>The results as a read-only list.</summary>
    public static AppFuture<IReadOnlyList<T>> ReadOnlyList<T>(IEnumerable<AppFuture<T>> futures) => new GatheredFuture<T, IReadOnlyList<T>>(futures, static results => results);

    /// <summary>The futures a join app returned, for the join's failure message.</summary>
    internal interface IGathered
    {
        int Count { get; }

        IReadOnlyList<AppFuture> Failed { get; }
    }

    private sealed class GatheredFuture<T, TResult> : AppFuture<TResult>, IFutureListener, IGathered
    {
        private readonly AppFuture<T>[] _futures;
        private readonly Func<T[], TResult> _shape;
        private int _pending;

        public GatheredFuture(IEnumerable<AppFuture<T>> futures, Func<T[], TResult> shape) : base(s_gathering)
        {
            ArgumentNullException.ThrowIfNull(futures);
            _futures = [.. futures];
            _shape = shape;
            if (System.Array.IndexOf(_futures, null) is var missing and >= 0)
                throw new ArgumentException($"The join returned a null future at index {missing}; return the future of each app call.", nameof(futures));
            _pending = _futures.Length + 1; // a guard, released below, so that a future completing meanwhile cannot finish early
            foreach (var future in _futures)
                future.AddContinuation(this);
            OnFutureCompleted(null!);
        }

        public int Count => _futures.Length;

        public IReadOnlyList<AppFuture> Failed => [.. _futures.Where(f => !f.IsCompletedSuccessfully)];

        public void OnFutureCompleted(Dependency future)
        {
            if (Interlocked.Decrement(ref _pending) != 0)
                return;
            if (_futures.Any(f => !f.IsCompletedSuccessfully))
            {
                TryFail(TaskState.Failed, new AggregateException(_futures.Where(f => !f.IsCompletedSuccessfully).Select(f => f.Exception!)));
                return;
            }
            var results = new T[_futures.Length];
            for (var i = 0; i < results.Length; i++)
                results[i] = _futures[i].GetCompletedResult();
            TrySetResult(_shape(results));
        }
    }
}
