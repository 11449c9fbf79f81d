using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Tests;

/// <summary>Reads a monitoring database the way the assertions need: one value from one query.</summary>
internal static class Db
{
    public static object? Scalar(string path, string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteScalar();
    }

    /// <summary>Changes a database the way a writer would: for fixtures that build a run by hand.</summary>
    public static void Execute(string path, string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public static long Count(string path, string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(Scalar(path, sql, parameters), System.Globalization.CultureInfo.InvariantCulture);
}
