using Microsoft.Data.Sqlite;
using Parsl.Executors;
using Parsl.Monitoring;

namespace Parsl.Tests;

/// <summary>The monitoring tests' shared steps: a real run recorded by a <see cref="MonitoringDatabase"/>, and queries of what it wrote.</summary>
internal static class MonitoredRun
{
    /// <summary>Runs <paramref name="workflow"/> on <paramref name="executor"/> with the database in <paramref name="scratch"/>'s
    /// run directory; returns the database's path once the run is over and recorded.</summary>
    public static async Task<string> RecordAsync(string scratch, IExecutor executor, Func<Task> workflow)
    {
        using var database = new MonitoringDatabase();
        await using (await DataFlowKernel.LoadAsync(new ParslConfig
        {
            Executors = [executor],
            RunDirectory = Path.Combine(scratch, "runinfo"),
            ExitOnCtrlC = false,
            PrintFailureReport = false,
            Observers = [database],
        }))
        {
            await workflow();
        }
        return database.Path!;
    }

    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }

    public static object? Scalar(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(db, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>Every row of <paramref name="sql"/>, its columns as read (<see cref="DBNull"/> for NULL).</summary>
    public static List<object[]> Rows(SqliteConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(db, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private static SqliteCommand Command(SqliteConnection db, string sql, (string Name, object? Value)[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
