using System.ComponentModel;

namespace Parsl;

// Generated stubs pack an app's arguments (each a Future<T> or FutureList<T>) into one of these structs, so one generic
// task class per app kind serves every app: no task class per app, no boxing, no reflection. Apps with more than eight
// inputs nest a pack in the eighth slot, as ValueTuple does.

/// <summary>Creates argument packs; called by generated stubs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Arguments
{
    /// <summary>The pack of an app without inputs.</summary>
    public static NoArguments None => default;

    /// <summary>Packs 1 argument.</summary>
    public static Arguments<T1> Of<T1>(T1 arg1)
        where T1 : IAppArgument
        => new(arg1);

    /// <summary>Packs 2 arguments.</summary>
    public static Arguments<T1, T2> Of<T1, T2>(T1 arg1, T2 arg2)
        where T1 : IAppArgument where T2 : IAppArgument
        => new(arg1, arg2);

    /// <summary>Packs 3 arguments.</summary>
    public static Arguments<T1, T2, T3> Of<T1, T2, T3>(T1 arg1, T2 arg2, T3 arg3)
        where T1 : IAppArgument where T2 : IAppArgument where T3 : IAppArgument
        => new(arg1, arg2, arg3);

    /// <summary>Packs 4 arguments.</summary>
    public static Arguments<T1, T2, T3, T4> Of<T1, T2, T3, T4>(T1 arg1, T2 arg2, T3 arg3, T4 arg4)
        where T1 : IAppArgument where T2 : IAppArgument where T3 : IAppArgument where T4 : IAppArgument
        => new(arg1, arg2, arg3, arg4);

    /// <summary>Packs 5 arguments.</summary>
    public static Arguments<T1, T2, T3, T4, T5> Of<T1, T2, T3, T4, T5>(T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5)
        where T1 : IAppArgument where T2 : IAppArgument where T3 : IAppArgument where T4 : IAppArgument where T5 : IAppArgument
        => new(arg1, arg2, arg3, arg4, arg5);

    /// <summary>Packs 6 arguments.</summary>
    public static Arguments<T1, T2, T3, T4, T5, T6> Of<T1, T2, T3, T4, T5, T6>(T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6)
        where T1 : IAppArgument where T2 : IAppArgument where T3 : IAppArgument where T4 : IAppArgument where T5 : IAppArgument where T6 : IAppArgument
        => new(arg1, arg2, arg3, arg4, arg5, arg6);

    /// <summary>Packs 7 arguments.</summary>
    public static Arguments<T1, T2, T3, T4, T5, T6, T7> Of<T1, T2, T3, T4, T5, T6, T7>(T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7)
        where T1 : IAppArgument where T2 : IAppArgument where T3 : IAppArgument where T4 : IAppArgument where T5 : IAppArgument where T6 : IAppArgument where T7 : IAppArgument
        => new(arg1, arg2, arg3, arg4, arg5, arg6, arg7);

    /// <summary>Packs 8 arguments.</summary>
    public static Arguments<T1, T2, T3, T4, T5, T6, T7, T8> Of<T1, T2, T3, T4, T5, T6, T7, T8>(T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8)
        where T1 : IAppArgument where T2 : IAppArgument where T3 : IAppArgument where T4 : IAppArgument where T5 : IAppArgument where T6 : IAppArgument where T7 : IAppArgument where T8 : IAppArgument
        => new(arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8);
}

/// <summary>The argument pack of an app without inputs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct NoArguments : IAppArgument
{
    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex) { }
}

/// <summary>The arguments of an app with 1 input.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Arguments<T1>(T1 arg1) : IAppArgument
    where T1 : IAppArgument
{
    /// <summary>Input 1.</summary>
    public readonly T1 Arg1 = arg1;

    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        Arg1.VisitDependencies(visitor, parameterIndex);
    }
}

/// <summary>The arguments of an app with 2 inputs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Arguments<T1, T2>(T1 arg1, T2 arg2) : IAppArgument
    where T1 : IAppArgument
    where T2 : IAppArgument
{
    /// <summary>Input 1.</summary>
    public readonly T1 Arg1 = arg1;

    /// <summary>Input 2.</summary>
    public readonly T2 Arg2 = arg2;

    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        Arg1.VisitDependencies(visitor, parameterIndex);
        Arg2.VisitDependencies(visitor, parameterIndex + 1);
    }
}

/// <summary>The arguments of an app with 3 inputs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Arguments<T1, T2, T3>(T1 arg1, T2 arg2, T3 arg3) : IAppArgument
    where T1 : IAppArgument
    where T2 : IAppArgument
    where T3 : IAppArgument
{
    /// <summary>Input 1.</summary>
    public readonly T1 Arg1 = arg1;

    /// <summary>Input 2.</summary>
    public readonly T2 Arg2 = arg2;

    /// <summary>Input 3.</summary>
    public readonly T3 Arg3 = arg3;

    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        Arg1.VisitDependencies(visitor, parameterIndex);
        Arg2.VisitDependencies(visitor, parameterIndex + 1);
        Arg3.VisitDependencies(visitor, parameterIndex + 2);
    }
}

/// <summary>The arguments of an app with 4 inputs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Arguments<T1, T2, T3, T4>(T1 arg1, T2 arg2, T3 arg3, T4 arg4) : IAppArgument
    where T1 : IAppArgument
    where T2 : IAppArgument
    where T3 : IAppArgument
    where T4 : IAppArgument
{
    /// <summary>Input 1.</summary>
    public readonly T1 Arg1 = arg1;

    /// <summary>Input 2.</summary>
    public readonly T2 Arg2 = arg2;

    /// <summary>Input 3.</summary>
    public readonly T3 Arg3 = arg3;

    /// <summary>Input 4.</summary>
    public readonly T4 Arg4 = arg4;

    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        Arg1.VisitDependencies(visitor, parameterIndex);
        Arg2.VisitDependencies(visitor, parameterIndex + 1);
        Arg3.VisitDependencies(visitor, parameterIndex + 2);
        Arg4.VisitDependencies(visitor, parameterIndex + 3);
    }
}

/// <summary>The arguments of an app with 5 inputs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Arguments<T1, T2, T3, T4, T5>(T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5) : IAppArgument
    where T1 : IAppArgument
    where T2 : IAppArgument
    where T3 : IAppArgument
    where T4 : IAppArgument
    where T5 : IAppArgument
{
    /// <summary>Input 1.</summary>
    public readonly T1 Arg1 = arg1;

    /// <summary>Input 2.</summary>
    public readonly T2 Arg2 = arg2;

    /// <summary>Input 3.</summary>
    public readonly T3 Arg3 = arg3;

    /// <summary>Input 4.</summary>
    public readonly T4 Arg4 = arg4;

    /// <summary>Input 5.</summary>
    public readonly T5 Arg5 = arg5;

    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        Arg1.VisitDependencies(visitor, parameterIndex);
        Arg2.VisitDependencies(visitor, parameterIndex + 1);
        Arg3.VisitDependencies(visitor, parameterIndex + 2);
        Arg4.VisitDependencies(visitor, parameterIndex + 3);
        Arg5.VisitDependencies(visitor, parameterIndex + 4);
    }
}

/// <summary>The arguments of an app with 6 inputs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Arguments<T1, T2, T3, T4, T5, T6>(T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6) : IAppArgument
    where T1 : IAppArgument
    where T2 : IAppArgument
    where T3 : IAppArgument
    where T4 : IAppArgument
    where T5 : IAppArgument
    where T6 : IAppArgument
{
    /// <summary>Input 1.</summary>
    public readonly T1 Arg1 = arg1;

    /// <summary>Input 2.</summary>
    public readonly T2 Arg2 = arg2;

    /// <summary>Input 3.</summary>
    public readonly T3 Arg3 = arg3;

    /// <summary>Input 4.</summary>
    public readonly T4 Arg4 = arg4;

    /// <summary>Input 5.</summary>
    public readonly T5 Arg5 = arg5;

    /// <summary>Input 6.</summary>
    public readonly T6 Arg6 = arg6;

    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        Arg1.VisitDependencies(visitor, parameterIndex);
        Arg2.VisitDependencies(visitor, parameterIndex + 1);
        Arg3.VisitDependencies(visitor, parameterIndex + 2);
        Arg4.VisitDependencies(visitor, parameterIndex + 3);
        Arg5.VisitDependencies(visitor, parameterIndex + 4);
        Arg6.VisitDependencies(visitor, parameterIndex + 5);
    }
}

/// <summary>The arguments of an app with 7 inputs.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Arguments<T1, T2, T3, T4, T5, T6, T7>(T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7) : IAppArgument
    where T1 : IAppArgument
    where T2 : IAppArgument
    where T3 : IAppArgument
    where T4 : IAppArgument
    where T5 : IAppArgument
    where T6 : IAppArgument
    where T7 : IAppArgument
{
    /// <summary>Input 1.</summary>
    public readonly T1 Arg1 = arg1;

    /// <summary>Input 2.</summary>
    public readonly T2 Arg2 = arg2;

    /// <summary>Input 3.</summary>
    public readonly T3 Arg3 = arg3;

    /// <summary>Input 4.</summary>
    public readonly T4 Arg4 = arg4;

    /// <summary>Input 5.</summary>
    public readonly T5 Arg5 = arg5;

    /// <summary>Input 6.</summary>
    public readonly T6 Arg6 = arg6;

    /// <summary>Input 7.</summary>
    public readonly T7 Arg7 = arg7;

    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        Arg1.VisitDependencies(visitor, parameterIndex);
        Arg2.VisitDependencies(visitor, parameterIndex + 1);
        Arg3.VisitDependencies(visitor, parameterIndex + 2);
        Arg4.VisitDependencies(visitor, parameterIndex + 3);
        Arg5.VisitDependencies(visitor, parameterIndex + 4);
        Arg6.VisitDependencies(visitor, parameterIndex + 5);
        Arg7.VisitDependencies(visitor, parameterIndex + 6);
    }
}

/// <summary>The arguments of an app with 8 inputs (or more, with a pack in the last slot).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct Arguments<T1, T2, T3, T4, T5, T6, T7, T8>(T1 arg1, T2 arg2, T3 arg3, T4 arg4, T5 arg5, T6 arg6, T7 arg7, T8 arg8) : IAppArgument
    where T1 : IAppArgument
    where T2 : IAppArgument
    where T3 : IAppArgument
    where T4 : IAppArgument
    where T5 : IAppArgument
    where T6 : IAppArgument
    where T7 : IAppArgument
    where T8 : IAppArgument
{
    /// <summary>Input 1.</summary>
    public readonly T1 Arg1 = arg1;

    /// <summary>Input 2.</summary>
    public readonly T2 Arg2 = arg2;

    /// <summary>Input 3.</summary>
    public readonly T3 Arg3 = arg3;

    /// <summary>Input 4.</summary>
    public readonly T4 Arg4 = arg4;

    /// <summary>Input 5.</summary>
    public readonly T5 Arg5 = arg5;

    /// <summary>Input 6.</summary>
    public readonly T6 Arg6 = arg6;

    /// <summary>Input 7.</summary>
    public readonly T7 Arg7 = arg7;

    /// <summary>Input 8.</summary>
    public readonly T8 Arg8 = arg8;

    /// <inheritdoc />
    public void VisitDependencies(IDependencyVisitor visitor, int parameterIndex)
    {
        Arg1.VisitDependencies(visitor, parameterIndex);
        Arg2.VisitDependencies(visitor, parameterIndex + 1);
        Arg3.VisitDependencies(visitor, parameterIndex + 2);
        Arg4.VisitDependencies(visitor, parameterIndex + 3);
        Arg5.VisitDependencies(visitor, parameterIndex + 4);
        Arg6.VisitDependencies(visitor, parameterIndex + 5);
        Arg7.VisitDependencies(visitor, parameterIndex + 6);
        Arg8.VisitDependencies(visitor, parameterIndex + 7);
    }
}
