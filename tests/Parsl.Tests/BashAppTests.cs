using System.Diagnostics;

namespace Parsl.Tests;

public sealed class BashAppTests : KernelTest
{
    [Theory]
    [InlineData("; rm -rf ~")]
    [InlineData("$(touch {0})")]
    [InlineData("`touch {0}`")]
    [InlineData("it's \"quoted\" \\ back\\slash")]
    [InlineData("*")]
    [InlineData("two\nlines")]
    [InlineData("")]
    [InlineData("--flag=value with spaces")]
    public async Task A_hostile_argument_arrives_as_exactly_one_argument(string template)
    {
        var canary = ScratchFile("canary");
        var word = template.Replace("{0}", canary, StringComparison.Ordinal);
        var output = ScratchFile("word.txt");

        var result = await BashTestApps.PrintWordAsync(word, output);

        Assert.Equal(word + "\n", File.ReadAllText(output));
        Assert.Equal(0, result.ExitCode);
        Assert.False(File.Exists(canary), "the argument was executed by the shell");
    }

    [Fact]
    public async Task A_bash_app_in_a_batch_job_submitted_over_ssh_does_not_run_the_users_bashrc()
    {
        // Such a job inherits SSH_CLIENT with SHLVL 0, so a plain bash -c takes itself for sshd's and reads ~/.bashrc:
        // on this machine pyenv's set-up, a second per task, and whatever it prints went into the app's stdout.
        var home = Directory.CreateDirectory(ScratchFile("home")).FullName;
        File.WriteAllText(Path.Combine(home, ".bashrc"), "echo the bashrc ran\n");
        var output = ScratchFile("word.txt");
        var saved = new[] { "HOME", "SSH_CLIENT", "SHLVL" }.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("HOME", home);
            Environment.SetEnvironmentVariable("SSH_CLIENT", "127.0.0.1 50000 22");
            Environment.SetEnvironmentVariable("SHLVL", "0");
            await BashTestApps.PrintWordAsync("only this", output);
        }
        finally
        {
            foreach (var (name, value) in saved)
                Environment.SetEnvironmentVariable(name, value);
        }

        Assert.Equal("only this\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task A_flood_on_captured_stderr_is_cut_down_to_its_tail_while_the_command_runs()
    {
        var (where, written, release) = (ScratchFile("where"), ScratchFile("written"), ScratchFile("release"));
        var flood = BashTestApps.FloodAsync(where, written, release);
        await Poll.UntilAsync(() => File.Exists(written) || flood.IsCompleted, TestTimings.Scaled(TimeSpan.FromSeconds(60)), "the command to write 100 MB to its stderr");
        var capture = File.ReadAllText(where).Trim();

        // A tool that writes to stderr for hours used to fill the temporary folder: all but the tail is given back.
        await Poll.UntilAsync(() => AllocatedBytes(capture) <= Parsl.Processes.CaptureCap.Limit + Parsl.Processes.CaptureCap.Kept,
            TestTimings.Scaled(TimeSpan.FromSeconds(30)), $"the capture file {capture} to be cut down to its tail");
        Assert.Equal(100_000_000, new FileInfo(capture).Length); // the size stays: the tail is where the error reads it

        File.WriteAllText(release, "");
        var failure = await Assert.ThrowsAsync<BashExitException>(() => flood.AsTask());
        Assert.Equal(3, failure.ExitCode);
        Assert.EndsWith("a line of stderr\na line of stderrlast-words", failure.StderrTail, StringComparison.Ordinal); // head -c cut its last line
        Assert.False(File.Exists(capture));
    }

    private static long AllocatedBytes(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%b %B", path]) { RedirectStandardOutput = true })!;
        var fields = stat.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
        stat.WaitForExit();
        return long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_collection_argument_becomes_one_quoted_word_per_element()
    {
        var output = ScratchFile("words.txt");

        await BashTestApps.PrintWordsAsync(new[] { "a b", "c;d", "$HOME" }, output);

        Assert.Equal("a b\nc;d\n$HOME\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task Stdout_and_stderr_go_to_their_files_and_the_result_carries_the_paths()
    {
        var stdout = ScratchFile("nested/dir/out.txt");
        var stderr = ScratchFile("nested/dir/err.txt");

        var result = await BashTestApps.BothAsync("hello", stdout, stderr);

        Assert.Equal("hello\n", File.ReadAllText(stdout));
        Assert.Equal("hello-err\n", File.ReadAllText(stderr));
        Assert.Equal(stdout, result.StdoutPath);
        Assert.Equal(stderr, result.StderrPath);
        Assert.Equal("echo hello; echo hello-err >&2", result.Command);
    }

    [Fact]
    public async Task Append_adds_to_the_stdout_file_instead_of_truncating_it()
    {
        var output = ScratchFile("log.txt");

        await BashTestApps.AppendLineAsync("one", output);
        await BashTestApps.AppendLineAsync("two", output);

        Assert.Equal("one\ntwo\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task Placeholders_are_formatted_with_the_invariant_culture_and_their_format()
    {
        var output = ScratchFile("x.txt");
        var previous = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            await BashTestApps.FormattedAsync(3.14159, output);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }

        Assert.Equal("3.14\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task A_non_zero_exit_raises_an_error_with_the_app_the_command_the_code_and_stderr()
    {
        var failed = BashTestApps.ExitWithAsync(3);

        var error = await Assert.ThrowsAsync<BashExitException>(async () => await failed);

        Assert.Equal(3, error.ExitCode);
        Assert.Equal("echo 'about to fail' >&2; exit 3", error.Command);
        Assert.Equal("about to fail", error.StderrTail);
        Assert.Contains($"Bash app Parsl.Tests.BashTestApps.ExitWith (task {failed.TaskId}) exited with code 3", error.Message);
        Assert.Contains("about to fail", error.Message);
        Assert.Equal(TaskState.Failed, failed.State);
    }

    [Fact]
    public async Task Exit_code_127_says_the_command_was_not_found()
    {
        var error = await Assert.ThrowsAsync<BashCommandNotFoundException>(async () => await BashTestApps.MissingAsync("x"));

        Assert.Equal(127, error.ExitCode);
        Assert.Contains("command not found", error.Message);
        Assert.Contains("no-such-program-parsl", error.StderrTail);
    }

    [Fact]
    public async Task Walltime_kills_the_whole_process_group_and_says_so()
    {
        var pidFile = ScratchFile("child.pid");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<BashWalltimeExceededException>(async () => await BashTestApps.HangAsync(pidFile));

        Assert.True(clock.Elapsed < TestTimings.Scaled(TimeSpan.FromSeconds(10)), $"took {clock.Elapsed}");
        Assert.Equal(TimeSpan.FromSeconds(0.5), error.Walltime);
        Assert.Contains("exceeded its walltime of 0.5 s; its process group was killed", error.Message);
        var childPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await ProcessIsGoneAsync(childPid), $"the background child {childPid} survived the walltime");
    }

    [Fact]
    public async Task Body_form_bash_apps_run_the_command_line_the_method_returns()
    {
        var output = ScratchFile("seq.txt");

        var result = await BashTestApps.CountToAsync(3, output);

        Assert.Equal("1\n2\n3\n", File.ReadAllText(output));
        Assert.Equal("seq 1 3", result.Command);
        Assert.Equal("seq 1 3", BashTestApps.CountTo(3, output));
    }

    [Fact]
    public async Task A_bash_result_passed_to_another_bash_app_stands_for_its_stdout_file()
    {
        var first = BashTestApps.PrintWordAsync("payload", ScratchFile("first.txt"));
        var copy = BashTestApps.CopyAsync(first, ScratchFile("second.txt"));

        await copy;

        Assert.Equal("payload\n", File.ReadAllText(ScratchFile("second.txt")));
    }

    [Fact]
    public void Calling_a_template_bash_app_directly_runs_the_command_synchronously()
    {
        var output = ScratchFile("direct.txt");

        var result = BashTestApps.PrintWord("direct", output);

        Assert.Equal("direct\n", File.ReadAllText(output));
        Assert.Equal(output, result.StdoutPath);
    }

    [Fact]
    public async Task Commands_read_an_empty_stdin_and_see_default_signal_handling()
    {
        var output = ScratchFile("pipes.txt");
        var errors = ScratchFile("pipes.err");

        await BashTestApps.StdinAndPipesAsync(output, errors).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("y\ny\n", File.ReadAllText(output));
        Assert.Equal("", File.ReadAllText(errors));
    }

    private static async Task<bool> ProcessIsGoneAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal))
                return true;
            await Task.Delay(100);
        }
        return false;
    }
}
