namespace Parsl;

/// <summary>One failed try of a task, as its record keeps it (Parsl's <c>fail_history</c>, with where and when).</summary>
/// <param name="Number">Which try, from 1.</param>
/// <param name="Executor">The label of the executor that ran it.</param>
/// <param name="Started">When it started running (or was launched, when it never started).</param>
/// <param name="Ended">When its failure was reported.</param>
/// <param name="Exception">Why it failed.</param>
public sealed record TryRecord(int Number, string Executor, DateTimeOffset Started, DateTimeOffset Ended, Exception Exception)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"try {Number} on '{Executor}' ({(Ended - Started).TotalSeconds:0.###} s): {Exception.GetType().Name}: {Exception.Message}";
}
