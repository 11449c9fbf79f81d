namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The interchange's end of its links to the managers: listens, takes their messages and sends them theirs. Every
/// message is one opaque frame (see <see cref="Protocol"/>); the transport frames, encrypts and authenticates the
/// server. Used from the interchange's loop thread only, except where a member says otherwise.
/// </summary>
internal interface IManagerEndpoint : IDisposable
{
    /// <summary>The TCP port managers connect to; bound (and connectable) as soon as the endpoint exists.</summary>
    int Port { get; }

    /// <summary>Done when the endpoint serves connections; faulted if it could not start.</summary>
    Task Ready { get; }

    /// <summary>What a manager needs to trust this endpoint, as the run's secret carries it: a CURVE public key or a certificate fingerprint.</summary>
    string ServerKey { get; }

    /// <summary>Attaches what the endpoint receives to <paramref name="loop"/> (one its transport made), which calls <paramref name="onReady"/> when something has arrived.</summary>
    void AttachTo(IEventLoop loop, Action onReady);

    /// <summary>The next message or closed connection; its payload is valid until the next call.</summary>
    bool TryReceive(out Arrival arrival);

    /// <summary>Queues one message for a peer; a peer that is gone is skipped.</summary>
    void Send(byte[] peer, byte[] message);

    /// <summary>A registered manager the interchange is done with: its connection may close, and that close is no news.</summary>
    void Drop(byte[] peer);

    /// <summary>A peer that failed to prove the secret or sent garbage before registering: closed where the transport can close one peer.</summary>
    void Refuse(byte[] peer);

    /// <summary>Raised, from any thread, when the transport itself turns a peer away; the text (fixed, not per peer) says what it was.</summary>
    event Action<string>? Refusing;
}

/// <summary>What the endpoint took in: a message from <see cref="Peer"/>, or (with <see cref="Closed"/>) the news that its connection closed unexpectedly.</summary>
internal readonly record struct Arrival(byte[] Peer, ReadOnlyMemory<byte> Payload, bool Closed);
