using System.Globalization;
using System.Net;

namespace Parsl.Dashboard.Tool;

/// <summary>
/// <c>parsl-dashboard --db PATH [--port N] [--listen ADDRESS --token TOKEN]</c>: parses the command line, starts the
/// dashboard, prints its URL and serves until <paramref name="stop"/> fires (Ctrl-C). Exit codes: 0 after a stop, 1 when
/// the dashboard cannot start, 2 for a command line it does not understand.
/// </summary>
internal static class DashboardCommand
{
    /// <summary>Read when <c>--token</c> is not given, so the secret need not appear in the process list.</summary>
    public const string TokenVariable = "PARSL_DASHBOARD_TOKEN";

    public const string Usage = """
        Usage: parsl-dashboard --db PATH [--port N] [--listen ADDRESS --token TOKEN]

        Serves a Parsl monitoring database (runinfo/monitoring.db) as a web dashboard, live while a run writes it.

          --db PATH          the monitoring database (required)
          --port N           the TCP port; 0, the default, picks a free one
          --listen ADDRESS   an IP address to listen on other than 127.0.0.1 (e.g. 0.0.0.0); needs a token
          --token TOKEN      a secret every request must carry (?token= in the printed URL); default: $PARSL_DASHBOARD_TOKEN
          --help             this text

        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken stop)
    {
        DashboardOptions options;
        try
        {
            if (Parse(args) is not { } parsed)
            {
                await output.WriteAsync(Usage).ConfigureAwait(false);
                return 0;
            }
            options = parsed;
        }
        catch (FormatException exception)
        {
            await errors.WriteLineAsync($"parsl-dashboard: {exception.Message}\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }

        DashboardServer server;
        try
        {
            server = await DashboardServer.StartAsync(options, stop).ConfigureAwait(false);
        }
        catch (DashboardStartException exception)
        {
            await errors.WriteLineAsync($"parsl-dashboard: {exception.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 0;
        }
        await using (server.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"Parsl dashboard for {options.DatabasePath}: {server.Url}").ConfigureAwait(false);
            await output.WriteLineAsync("Press Ctrl-C to stop.").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: the normal way out.
            }
        }
        return 0;
    }

    /// <summary>The options, or null when help was asked for.</summary>
    /// <exception cref="FormatException">An unknown option, a missing value, or a value of the wrong kind, by name.</exception>
    internal static DashboardOptions? Parse(string[] args)
    {
        string? database = null, token = null;
        var port = 0;
        var address = IPAddress.Loopback;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new FormatException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--help" or "-h" or "-?":
                    return null;
                case "--db":
                    database = Value();
                    break;
                case "--port":
                    var text = Value();
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                        throw new FormatException($"--port takes a TCP port from 0 to 65535, not '{text}'.");
                    break;
                case "--listen":
                    var listen = Value();
                    address = listen == "*" ? IPAddress.Any
                        : IPAddress.TryParse(listen, out var parsed) ? parsed
                        : throw new FormatException($"--listen takes an IP address (0.0.0.0 for every interface), not '{listen}'.");
                    break;
                case "--token":
                    token = Value();
                    break;
                default:
                    throw new FormatException($"'{args[i]}' is not an option of parsl-dashboard.");
            }
        }
        if (database is null)
            throw new FormatException("--db is required: the monitoring database to serve, e.g. --db runinfo/monitoring.db.");
        token ??= Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        return new DashboardOptions { DatabasePath = database, Port = port, ListenAddress = address, Token = token };
    }
}
