using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Parsl.Monitoring;

/// <summary>
/// One statement prepared once on the connection's native handle and run many times, its values bound by position.
/// Microsoft.Data.Sqlite's commands look every parameter up by name on every run (<c>sqlite3_bind_parameter_index</c>,
/// a scan of the statement's names): for the state changes' 320-value inserts that lookup cost more than the rows
/// (measured with a sampled profile). Statements run inside the connection's current transaction.
/// </summary>
internal sealed class PreparedInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly string _sql;
    private readonly int[] _slots; // $n's index in the statement: SQLite numbers names in the order they first appear

    public PreparedInsert(SqliteConnection connection, string sql)
    {
        _db = connection.Handle!;
        _sql = sql;
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _slots = new int[raw.sqlite3_bind_parameter_count(_statement)];
        for (var i = 0; i < _slots.Length; i++)
            _slots[i] = raw.sqlite3_bind_parameter_index(_statement, "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) is > 0 and var slot
                ? slot
                : throw new ArgumentException($"The statement's parameters must be $1 … ${_slots.Length}: {sql}", nameof(sql));
    }

    /// <summary>Binds <paramref name="values"/> to <c>$1</c>, <c>$2</c>, … and runs the statement once.</summary>
    public void Run(ReadOnlySpan<object?> values)
    {
        if (values.Length != _slots.Length)
            throw new ArgumentException($"{values.Length} values for {_slots.Length} parameters: {_sql}", nameof(values));
        for (var i = 0; i < values.Length; i++)
            Check(values[i] switch
            {
                null => raw.sqlite3_bind_null(_statement, _slots[i]),
                string text => raw.sqlite3_bind_text(_statement, _slots[i], text),
                long number => raw.sqlite3_bind_int64(_statement, _slots[i], number),
                int number => raw.sqlite3_bind_int64(_statement, _slots[i], number),
                double number => raw.sqlite3_bind_double(_statement, _slots[i], number),
                var other => throw new ArgumentException($"The monitoring database cannot store a {other.GetType().Name}.", nameof(values)),
            });
        var stepped = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (stepped != raw.SQLITE_DONE)
            Check(stepped);
    }

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
            throw new SqliteException($"SQLite error {result} ({raw.sqlite3_errmsg(_db).utf8_to_string()}) running: {_sql}", result);
    }

    public void Dispose() => _statement.Dispose();
}
