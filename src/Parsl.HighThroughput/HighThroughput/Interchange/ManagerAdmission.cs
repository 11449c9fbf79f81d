using Parsl.Executors.HighThroughput.Protocol;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// Who the interchange lets in, apart from its sockets: a registration must speak this protocol version, present the
/// run's token and come from a block the executor has not given up; a peer turned away, and a manager the interchange
/// is done with (it said goodbye, or was declared lost and told so), is remembered (boundedly), so that what it sends
/// next is dropped unread and its connection's close is no news.
/// </summary>
internal sealed class ManagerAdmission(RunSecret secret)
{
    /// <summary>How many refused peers are remembered before the set starts over: a flood of bad peers cannot grow it forever.</summary>
    internal const int RememberedRefusals = 10_000;

    private readonly HashSet<byte[]> _refused = new(ByteArrayComparer.Instance); // and managers done with
    private readonly HashSet<string> _retiredBlocks = new(StringComparer.Ordinal);

    /// <summary>Why a registration is turned away: what the manager is told, the kind of refusal for the log, and a detail.</summary>
    public sealed record Refusal(string ToManager, string Kind, string? Detail = null);

    /// <summary>Null if the registration is let in, or why not.</summary>
    public Refusal? Judge(in RegisterMessage register)
    {
        if (!register.Speaks)
            return new Refusal($"it speaks protocol version {register.Version} and this interchange version {WireProtocol.Version}: run the same Parsl build on both sides",
                "a manager speaking another protocol version (run the same Parsl version on both sides)", $"version {register.Version}, this is version {WireProtocol.Version}");
        if (!secret.Accepts(register.Token))
            return new Refusal("it did not present this run's token: its secret file belongs to another run, or was changed",
                "a manager that did not present this run's secret");
        if (_retiredBlocks.Contains(register.BlockId))
            return new Refusal($"its block {register.BlockId} was given up or released by the executor", "a manager of a block the executor already gave up", $"block {register.BlockId}");
        return null;
    }

    /// <summary>A block the executor released or gave up: a manager of it that registers later is refused.</summary>
    public void Retire(string blockId) => _retiredBlocks.Add(blockId);

    public void Refused(byte[] peer)
    {
        if (_refused.Count >= RememberedRefusals)
            _refused.Clear();
        _refused.Add(peer);
    }

    /// <summary>
    /// A registered manager the interchange is done with. Its goodbye and its connection's close often arrive together
    /// (always after a pause of the workflow's process), and a manager declared lost may still be sending.
    /// </summary>
    public void Forgot(byte[] manager) => Refused(manager);

    /// <summary>Whether the peer was turned away (and told why), or forgotten, already.</summary>
    public bool WasRefused(byte[] peer) => _refused.Contains(peer);

    /// <summary>A refused or forgotten peer's connection closed: no longer remembered; false if it was neither.</summary>
    public bool Closed(byte[] peer) => _refused.Remove(peer);
}
