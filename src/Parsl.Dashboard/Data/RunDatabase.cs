using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Parsl.Dashboard.Data;

/// <summary>
/// The monitoring database the dashboard serves, opened read-only: a connection per request, so each page sees the
/// batches a live run has committed by then (WAL lets readers in while the run writes).
/// </summary>
internal sealed class RunDatabase
{
    /// <summary>The schema this dashboard reads (Parsl.Monitoring's <c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 3;

    private readonly string _connectionString;

    private RunDatabase(string path)
    {
        Path = path;
        // No pooling: a closed connection lets go of the file at once, so a finished run's folder can be moved or deleted.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
    }

    /// <summary>The database file, as given.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> after checking that it is a monitoring database this dashboard reads.</summary>
    /// <exception cref="DashboardStartException">The file is missing, not SQLite, not a monitoring database, or of another version.</exception>
    public static RunDatabase Open(string path)
    {
        if (!File.Exists(path))
            throw new DashboardStartException(
                $"The monitoring database {path} does not exist: give the monitoring.db a run with monitoring on wrote (runinfo/monitoring.db beside its run directories; docs/monitoring.md).");
        var database = new RunDatabase(path);
        try
        {
            using var connection = database.Connect();
            var hasRuns = Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'runs'") > 0;
            if (!hasRuns)
                throw new DashboardStartException(
                    $"{path} is a SQLite database but not a Parsl monitoring database (it has no runs table): give the monitoring.db a run with monitoring on wrote.");
            var version = Scalar(connection, "PRAGMA user_version");
            if (version != SchemaVersion)
                throw new DashboardStartException(
                    $"{path} is a monitoring database of schema version {version}; this dashboard reads version {SchemaVersion}: open it with the parsl-dashboard of the Parsl version that wrote it, or record a new run.");
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is 26 /* SQLITE_NOTADB */)
        {
            throw new DashboardStartException($"{path} is not a SQLite database: give the monitoring.db a run with monitoring on wrote.", exception);
        }
        catch (SqliteException exception)
        {
            throw new DashboardStartException($"{path} could not be read ({exception.Message}): check that it is readable by this user.", exception);
        }
        return database;
    }

    /// <summary>An open read-only connection; the caller disposes it.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
