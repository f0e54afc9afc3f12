using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Suanwang.Store.Writing;

/// <summary>
/// Inserts many new rows with multi-row <c>INSERT … VALUES (…), (…)</c> statements, in the caller's transaction.
/// A submission can be an array of ten thousand jobs and their twenty thousand events: one statement per row, as
/// EF Core's change tracking sends them, costs tens of times more than the rows themselves, and the submission
/// writer (one for every tenant) waits meanwhile. Columns come from the EF model, so the statement always matches
/// the migrated schema; the SQL is plain (quoted identifiers, named parameters), the same on SQLite and PostgreSQL.
/// </summary>
internal static class RowInserter
{
    // Parameters per statement: below SQLite's smallest limit (999 before 3.32) and PostgreSQL's 65,535.
    private const int MaxParameters = 400;

    /// <summary>Inserts <paramref name="rows"/> (new entities of a mapped type) in the context's current transaction.</summary>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new ArgumentException($"{typeof(T).Name} is not mapped", nameof(rows));
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        IProperty[] properties = [.. entity.GetProperties()];
        var getters = properties.Select(p => p.GetGetter()).ToArray();
        // As EF Core would write them: a typed column (a job's state) through its value converter, to the stored text.
        var converters = properties.Select(p => p.GetTypeMapping().Converter).ToArray();
        string head = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(table)}\""))}) VALUES ";
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("rows are inserted inside the caller's transaction");
        int perStatement = Math.Max(1, MaxParameters / properties.Length);
        // One statement of perStatement rows, prepared once and run for every full slice; one more for the rest.
        DbCommand? full = null;
        try
        {
            foreach (var chunk in rows.Chunk(perStatement))
            {
                bool isFull = chunk.Length == perStatement;
                var command = isFull ? full ??= await PrepareAsync(connection, transaction, head, properties.Length, perStatement, cancellationToken)
                    : await PrepareAsync(connection, transaction, head, properties.Length, chunk.Length, cancellationToken);
                try
                {
                    for (int r = 0; r < chunk.Length; r++)
                        for (int c = 0; c < properties.Length; c++)
                            command.Parameters[r * properties.Length + c].Value = ProviderValue(getters[c].GetClrValue(chunk[r]), converters[c]);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                finally
                {
                    if (!isFull) await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    private static object ProviderValue(object? value, ValueConverter? converter) =>
        value is null ? DBNull.Value : converter is null ? value : converter.ConvertToProvider(value) ?? DBNull.Value;

    private static async Task<DbCommand> PrepareAsync(DbConnection connection, DbTransaction transaction, string head, int columns, int rows, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder(head);
        for (int r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns; c++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{command.Parameters.Count}";
                command.Parameters.Add(parameter);
                sql.Append(c == 0 ? "" : ", ").Append(parameter.ParameterName);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }
}
