using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Tests;

/// <summary>Reads a monitoring database the way the assertions need (one value from one query), and changes one the way fixtures do.</summary>
internal static class Db
{
    public static object? Scalar(string path, string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar();
    }

    public static long Count(string path, string sql, params (string Name, object? Value)[] parameters) =>
        Convert.ToInt64(Scalar(path, sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Changes a database (creating the file if need be) the way a writer would: for fixtures that build a run by hand.</summary>
    public static void Execute(string path, string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open(path, SqliteOpenMode.ReadWriteCreate);
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
