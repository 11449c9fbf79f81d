using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>The few conveniences every query here uses: named parameters in one call, and nullable column reads.</summary>
internal static class Sql
{
    /// <summary>A reader over <paramref name="sql"/>. The command is not disposed here, which would close the reader: the
    /// connection disposes its commands when it closes, at the end of the request.</summary>
    public static SqliteDataReader Query(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteReader();
    }

    public static object? Scalar(this SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var reader = connection.Query(sql, parameters);
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetValue(0) : null;
    }

    /// <summary>
    /// A read transaction: the queries until it is disposed see one committed state of the file, even while a live run
    /// commits batches in between. Plain SQL, because the provider would otherwise want it set on every command.
    /// </summary>
    public static IDisposable Snapshot(this SqliteConnection connection)
    {
        Execute(connection, "BEGIN");
        return new EndSnapshot(connection);
    }

    private sealed class EndSnapshot(SqliteConnection connection) : IDisposable
    {
        public void Dispose() => Execute(connection, "COMMIT");
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static string? Text(this SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public static double? Real(this SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    public static long? Integer(this SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);

    /// <summary>SQL for seconds from <c>$origin</c> (a julian day) to the time in <paramref name="column"/>: the charts' x axis.</summary>
    public static string Seconds(string column) => $"((julianday({column}) - $origin) * 86400.0)";
}
