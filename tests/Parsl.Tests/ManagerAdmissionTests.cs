using Parsl.Executors;
using Parsl.Executors.HighThroughput;
using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Tests;

/// <summary>Who the interchange lets in, on its own: the protocol version, the run's token, a block not given up; and refused peers remembered, boundedly.</summary>
public sealed class ManagerAdmissionTests
{
    private static readonly RunSecret Secret = new(HtexTransport.Grpc, "key", RunSecret.NewToken());

    [Fact]
    public void A_manager_of_this_version_with_the_runs_token_is_let_in()
    {
        Assert.Null(new ManagerAdmission(Secret).Judge(Register()));
    }

    [Fact]
    public void Another_protocol_version_is_refused_naming_both_versions()
    {
        var refusal = new ManagerAdmission(Secret).Judge(Register() with { Version = WireProtocol.Version + 1 });

        Assert.NotNull(refusal);
        Assert.Contains($"version {WireProtocol.Version + 1}", refusal.ToManager);
        Assert.Contains($"this interchange version {WireProtocol.Version}", refusal.ToManager);
    }

    [Fact]
    public void Another_runs_token_is_refused()
    {
        var refusal = new ManagerAdmission(Secret).Judge(Register() with { Token = RunSecret.NewToken() });

        Assert.NotNull(refusal);
        Assert.Contains("did not present this run's token", refusal.ToManager);
    }

    [Fact]
    public void A_manager_of_a_retired_block_is_refused_and_others_still_let_in()
    {
        var admission = new ManagerAdmission(Secret);
        admission.Retire("block-1");

        Assert.Contains("block-1 was given up", admission.Judge(Register("block-1"))!.ToManager);
        Assert.Null(admission.Judge(Register("block-2")));
    }

    [Fact]
    public void Refused_peers_are_remembered_until_their_connection_closes_and_the_memory_is_bounded()
    {
        var admission = new ManagerAdmission(Secret);
        byte[] peer = [1, 2, 3];
        admission.Refused(peer);

        Assert.True(admission.WasRefused([1, 2, 3])); // by contents, not by reference
        Assert.True(admission.Closed(peer));
        Assert.False(admission.WasRefused(peer));
        Assert.False(admission.Closed(peer));

        for (var i = 0; i <= ManagerAdmission.RememberedRefusals; i++)
            admission.Refused(BitConverter.GetBytes(i));
        Assert.False(admission.WasRefused(BitConverter.GetBytes(0))); // the set started over rather than grow
        Assert.True(admission.WasRefused(BitConverter.GetBytes(ManagerAdmission.RememberedRefusals)));
    }

    [Fact]
    public void A_manager_the_interchange_is_done_with_is_dropped_unread_and_its_close_is_no_news()
    {
        var admission = new ManagerAdmission(Secret);
        byte[] manager = [7, 7];

        admission.Forgot(manager); // it said goodbye, or was declared lost and told so

        Assert.True(admission.WasRefused(manager));
        Assert.True(admission.Closed(manager)); // the interchange then logs no refusal for its connection
        Assert.False(admission.WasRefused(manager));
    }

    private static RegisterMessage Register(string block = "block-0") => new(WireProtocol.Version, Secret.Token, block, "host", 42, 4, 0);
}
