using Parsl.Wire;

namespace Parsl;

/// <summary>
/// Codecs for apps whose parameters and result are all scalars (numbers, strings, dates, files, bash results, …):
/// the generated definition names one of these instead of carrying four lambdas, which keeps generated code (and its
/// parse time) small for the most common apps.
/// </summary>
public static class ScalarCodecs
{
    /// <summary>An app without inputs.</summary>
    public static AppCodec<ValueTuple, TResult> For<TResult>() => new(
        static (_, _) => { }, static (ref WireReader _) => default, WireScalar<TResult>.Write, WireScalar<TResult>.Read);

    /// <summary>An app with one input.</summary>
    public static AppCodec<ValueTuple<T1>, TResult> For<T1, TResult>() => new(
        static (w, v) => WireScalar<T1>.Write(w, v.Item1),
        static (ref WireReader r) => new ValueTuple<T1>(WireScalar<T1>.Read(ref r)),
        WireScalar<TResult>.Write, WireScalar<TResult>.Read);

    /// <summary>An app with two inputs.</summary>
    public static AppCodec<(T1, T2), TResult> For<T1, T2, TResult>() => new(
        static (w, v) =>
        {
            WireScalar<T1>.Write(w, v.Item1);
            WireScalar<T2>.Write(w, v.Item2);
        },
        static (ref WireReader r) => (WireScalar<T1>.Read(ref r), WireScalar<T2>.Read(ref r)),
        WireScalar<TResult>.Write, WireScalar<TResult>.Read);

    /// <summary>An app with three inputs.</summary>
    public static AppCodec<(T1, T2, T3), TResult> For<T1, T2, T3, TResult>() => new(
        static (w, v) =>
        {
            WireScalar<T1>.Write(w, v.Item1);
            WireScalar<T2>.Write(w, v.Item2);
            WireScalar<T3>.Write(w, v.Item3);
        },
        static (ref WireReader r) => (WireScalar<T1>.Read(ref r), WireScalar<T2>.Read(ref r), WireScalar<T3>.Read(ref r)),
        WireScalar<TResult>.Write, WireScalar<TResult>.Read);

    /// <summary>An app with four inputs.</summary>
    public static AppCodec<(T1, T2, T3, T4), TResult> For<T1, T2, T3, T4, TResult>() => new(
        static (w, v) =>
        {
            WireScalar<T1>.Write(w, v.Item1);
            WireScalar<T2>.Write(w, v.Item2);
            WireScalar<T3>.Write(w, v.Item3);
            WireScalar<T4>.Write(w, v.Item4);
        },
        static (ref WireReader r) => (WireScalar<T1>.Read(ref r), WireScalar<T2>.Read(ref r), WireScalar<T3>.Read(ref r), WireScalar<T4>.Read(ref r)),
        WireScalar<TResult>.Write, WireScalar<TResult>.Read);
}
