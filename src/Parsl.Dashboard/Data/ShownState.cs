namespace Parsl.Dashboard.Data;

/// <summary>
/// The states a task is shown in: the database's final states, and for a task not completed yet, what its latest try
/// says (running once started, launched once handed to an executor, else pending: waiting for inputs or a retry).
/// </summary>
internal static class ShownState
{
    public const string Pending = "pending", Launched = "launched", Running = "running", Done = "done", Failed = "failed",
        DependencyFailed = "dependency_failed", Cancelled = "cancelled";

    /// <summary>In the order the pages list them: the way a task goes, then the ways it ends.</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Launched, Running, Done, Failed, DependencyFailed, Cancelled];

    /// <summary>The state of task row <c>t</c>; the subqueries run only for tasks not completed (a few, once a run is under way).</summary>
    public const string Expression = """
        CASE WHEN t.state IS NOT NULL THEN t.state
             WHEN EXISTS (SELECT 1 FROM tries r WHERE r.run_id = t.run_id AND r.task_id = t.task_id AND r.ended IS NULL AND r.started IS NOT NULL) THEN 'running'
             WHEN EXISTS (SELECT 1 FROM tries r WHERE r.run_id = t.run_id AND r.task_id = t.task_id AND r.ended IS NULL) THEN 'launched'
             ELSE 'pending' END
        """;

    /// <summary>How a state reads on a page: <c>dependency_failed</c> becomes "dependency failed".</summary>
    public static string Label(string state) => state.Replace('_', ' ');

    /// <summary>Its colour in every chart and badge (the CSS classes <c>s-{state}</c> use the same).</summary>
    public static string Colour(string state) => state switch
    {
        Pending => "#a0aec0",
        Launched => "#ecc94b",
        Running => "#3182ce",
        Done => "#38a169",
        Failed => "#e53e3e",
        DependencyFailed => "#ed8936",
        Cancelled => "#718096",
        _ => "#cbd5e0",
    };
}
