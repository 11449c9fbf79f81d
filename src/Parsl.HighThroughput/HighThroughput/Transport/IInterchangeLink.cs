namespace Parsl.Executors.HighThroughput;

/// <summary>
/// A manager's link to its interchange: one opaque frame per message each way (see <see cref="Protocol"/>). Used from
/// the manager's loop thread only.
/// </summary>
internal interface IInterchangeLink : IDisposable
{
    /// <summary>Attaches the link to the manager's loop (one its transport made), which calls <paramref name="onReady"/> when a message has arrived.</summary>
    void AttachTo(IEventLoop loop, Action onReady);

    /// <summary>
    /// The next message from the interchange; true with a null <paramref name="message"/> when the link broke for good
    /// (<see cref="BrokenReason"/> says why).
    /// </summary>
    bool TryReceive(out byte[]? message);

    /// <summary>Why the link broke for good, once it has.</summary>
    string? BrokenReason { get; }

    /// <summary>Queues one message; messages leave in order.</summary>
    void Send(byte[] message);

    /// <summary>Sends a last message and waits up to <paramref name="timeout"/> for it to leave.</summary>
    void SendLast(byte[] message, TimeSpan timeout);

}
