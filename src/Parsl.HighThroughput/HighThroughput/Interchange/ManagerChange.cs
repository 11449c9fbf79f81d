namespace Parsl.Executors.HighThroughput;

/// <summary>How a manager's membership changed, as the interchange tells the block controller.</summary>
internal enum ManagerChange
{
    /// <summary>It registered and was welcomed.</summary>
    Connected,

    /// <summary>It said goodbye, or the interchange sent it away (its block was released or given up).</summary>
    Left,

    /// <summary>It went silent past the heartbeat threshold, its connection broke, or it sent garbage: its node is presumed broken.</summary>
    Lost,
}
