using Parsl.Scaling;

namespace Parsl.Tests;

public sealed class ScalingStrategyTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static BlockView Busy(string id, int running = 1) => new(id, IsActive: true, running, IdleSince: null);

    private static BlockView Idle(string id, TimeSpan forHowLong) => new(id, IsActive: true, 0, s_now - forHowLong);

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
        Assert.Same(ScalingDecision.None, ScalingStrategy.Decide(settings, outstandingTasks: 1, slotsPerBlock: 4, blocks, s_now));
    }

    [Theory]
    [InlineData(-1, 1, 0, 1, 1.0, "0 <= MinBlocks <= MaxBlocks")]
    [InlineData(2, 1, 2, 1, 1.0, "0 <= MinBlocks <= MaxBlocks")]
    [InlineData(0, 2, 3, 1, 1.0, "InitBlocks (3) must lie between MinBlocks (0) and MaxBlocks (2)")]
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
