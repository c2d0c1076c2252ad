using MergeBus.Media.Probing;

namespace MergeBus.Mixer.Tests;

public class AudioRunCoalescerTests
{
    [Fact]
    public void Runs_within_the_limit_are_kept_as_they_are()
    {
        (long, long)[] runs = [(0, 10), (20, 10), (40, 10)];

        Assert.Equal(runs, AudioRunCoalescer.Coalesce(runs, 3));
    }

    [Fact]
    public void The_shortest_holes_close_first_and_the_span_stays_the_same()
    {
        // Holes: 10 (10..20), 2 (30..32), 50 (42..92), 3 (102..105).
        (long, long)[] runs = [(0, 10), (20, 10), (32, 10), (92, 10), (105, 5)];

        var coalesced = AudioRunCoalescer.Coalesce(runs, 3);

        Assert.Equal([(0L, 10L), (20L, 22L), (92L, 18L)], coalesced);
    }

    [Fact]
    public void Among_equal_holes_the_earliest_close_first_until_exactly_the_limit_remains()
    {
        (long, long)[] runs = [(0, 1), (2, 1), (4, 1), (6, 1), (8, 1)];

        var coalesced = AudioRunCoalescer.Coalesce(runs, 2);

        Assert.Equal([(0L, 7L), (8L, 1L)], coalesced);
    }
}
