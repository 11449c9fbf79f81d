using Parsl.Scaling;

namespace Parsl.Tests;

public sealed class ScalingStrategyTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static BlockView Busy(string id, int running = 1) => new(id, IsActive: true, running, IdleSince: null);

    private static BlockView Idle(string id, TimeSpan forHowLong) => new(id, IsActive: true, 0, s_now - forHowLong);

    /// <summary>Submitted <paramref name="ago"/>, its manager not connected yet.</summary>
    private static BlockView Pending(string id, TimeSpan ago) => new(id, IsActive: true, 0, s_now - ago, IsConnected: false);

    [Fact]
    public void Blocks_are_added_while_outstanding_tasks_need_more_slots_up_to_the_maximum()
    {
        var settings = new BlockScaling { MaxBlocks = 4 };

        Assert.Equal(1, ScalingStrategy.Decide(settings, outstandingTasks: 3, slotsPerBlock: 4, [], s_now).AddBlocks);
        Assert.Equal(2, ScalingStrategy.Decide(settings, outstandingTasks: 9, slotsPerBlock: 4, [Busy("1")], s_now).AddBlocks);
        Assert.Equal(3, ScalingStrategy.Decide(settings, outstandingTasks: 1000, slotsPerBlock: 4, [Busy("1")], s_now).AddBlocks);
        Assert.Same(ScalingDecision.None, ScalingStrategy.Decide(settings, outstandingTasks: 8, slotsPerBlock: 4, [Busy("1"), Busy("2")], s_now));
    }

    [Fact]
    public void Parallelism_asks_for_fewer_slots_than_tasks_and_zero_keeps_only_the_minimum()
    {
        Assert.Equal(2, ScalingStrategy.Decide(new BlockScaling { MaxBlocks = 10, Parallelism = 0.5 }, 16, 4, [], s_now).AddBlocks);
        Assert.Equal(1, ScalingStrategy.Decide(new BlockScaling { MaxBlocks = 10, MinBlocks = 1, Parallelism = 0 }, 16, 4, [], s_now).AddBlocks);
        Assert.Same(ScalingDecision.None, ScalingStrategy.Decide(new BlockScaling { MaxBlocks = 10, MinBlocks = 1, Parallelism = 0 }, 16, 4, [Busy("1")], s_now));
    }

    [Fact]
    public void Finished_blocks_count_for_nothing_and_the_minimum_is_restored()
    {
        var settings = new BlockScaling { MinBlocks = 2, MaxBlocks = 4, InitBlocks = 2 };
        BlockView[] blocks = [new("1", IsActive: false, 0, null), Busy("2")];

        Assert.Equal(1, ScalingStrategy.Decide(settings, outstandingTasks: 0, slotsPerBlock: 4, blocks, s_now).AddBlocks);
    }

    [Fact]
    public void With_nothing_outstanding_blocks_idle_past_the_limit_are_released_down_to_the_minimum()
    {
        var settings = new BlockScaling { MinBlocks = 1, MaxBlocks = 4, MaxIdleTime = TimeSpan.FromMinutes(2) };
        BlockView[] blocks = [Idle("old", TimeSpan.FromMinutes(10)), Idle("older", TimeSpan.FromMinutes(20)), Idle("fresh", TimeSpan.FromSeconds(30))];

        var decision = ScalingStrategy.Decide(settings, outstandingTasks: 0, slotsPerBlock: 4, blocks, s_now);

        Assert.Equal(0, decision.AddBlocks);
        Assert.Equal(["older", "old"], decision.ReleaseBlocks);
        Assert.Same(ScalingDecision.None, ScalingStrategy.Decide(settings, 0, 4, [Idle("only", TimeSpan.FromHours(1))], s_now));
    }

    [Fact]
    public void One_long_task_keeps_one_block_and_the_idle_rest_are_released_as_in_Parsl()
    {
        var settings = new BlockScaling { MaxBlocks = 5, MaxIdleTime = TimeSpan.FromSeconds(30) };
        BlockView[] blocks = [Busy("long"), Idle("a", TimeSpan.FromMinutes(1)), Idle("b", TimeSpan.FromMinutes(2)), Idle("c", TimeSpan.FromMinutes(3)), Idle("d", TimeSpan.FromSeconds(5))];

        // One task needs one block: the three idle past the limit go (longest idle first); "d" is not idle long enough yet.
        Assert.Equal(["c", "b", "a"], ScalingStrategy.Decide(settings, outstandingTasks: 1, slotsPerBlock: 1, blocks, s_now).ReleaseBlocks);
        // Work for every block: none goes, however long one was idle.
        Assert.Same(ScalingDecision.None, ScalingStrategy.Decide(settings, outstandingTasks: 5, slotsPerBlock: 1, blocks, s_now));
    }

    [Fact]
    public void Blocks_whose_manager_never_connected_are_released_first_and_with_a_zero_idle_time_at_once()
    {
        var now = new BlockScaling { MaxBlocks = 4, MaxIdleTime = TimeSpan.Zero };
        Assert.Equal(["p1", "p2"], ScalingStrategy.Decide(now, 0, 4, [Pending("p1", TimeSpan.FromSeconds(1)), Pending("p2", TimeSpan.Zero)], s_now).ReleaseBlocks);

        // Before a connected idle block, however long that one was idle: the pending one brings no slot, and may never.
        var settings = new BlockScaling { MinBlocks = 1, MaxBlocks = 4, MaxIdleTime = TimeSpan.FromSeconds(10) };
        Assert.Equal(["never"], ScalingStrategy.Decide(settings, 0, 4, [Idle("warm", TimeSpan.FromHours(1)), Pending("never", TimeSpan.FromSeconds(20))], s_now).ReleaseBlocks);
        // Not before the idle time has passed since it was submitted, and not while the outstanding tasks need it.
        Assert.Same(ScalingDecision.None, ScalingStrategy.Decide(settings with { MinBlocks = 0 }, 0, 4, [Pending("new", TimeSpan.FromSeconds(5))], s_now));
        Assert.Same(ScalingDecision.None, ScalingStrategy.Decide(settings, 8, 4, [Busy("busy", 4), Pending("needed", TimeSpan.FromHours(1))], s_now));
    }

    [Fact]
    public void InitBlocks_below_MinBlocks_starts_MinBlocks_as_in_Parsl()
    {
        var settings = new BlockScaling { InitBlocks = 0, MinBlocks = 2, MaxBlocks = 4 };

        settings.Validate("htex");
        Assert.Equal(2, settings.StartBlocks);
        Assert.Equal(3, (settings with { InitBlocks = 3 }).StartBlocks);
    }

    [Theory]
    [InlineData(-1, 1, 0, 1, 1.0, "0 <= MinBlocks <= MaxBlocks")]
    [InlineData(2, 1, 2, 1, 1.0, "0 <= MinBlocks <= MaxBlocks")]
    [InlineData(0, 2, 3, 1, 1.0, "InitBlocks (3) must lie between 0 and MaxBlocks (2)")]
    [InlineData(0, 2, -1, 1, 1.0, "InitBlocks (-1) must lie between 0 and MaxBlocks (2)")]
    [InlineData(0, 1, 1, 0, 1.0, "NodesPerBlock must be at least 1")]
    [InlineData(0, 1, 1, 1, 1.5, "Parallelism must lie between 0 and 1")]
    public void Settings_that_do_not_fit_are_refused_naming_the_executor(int min, int max, int init, int nodes, double parallelism, string expected)
    {
        var settings = new BlockScaling { MinBlocks = min, MaxBlocks = max, InitBlocks = init, NodesPerBlock = nodes, Parallelism = parallelism };

        var error = Assert.Throws<ArgumentException>(() => settings.Validate("htex"));

        Assert.Contains("Executor 'htex'", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
