namespace Parsl.Checkpointing;

/// <summary>A task waiting for its checkpoint record to reach the file before its future completes.</summary>
internal interface ICheckpointListener
{
    void OnCheckpointed();
}
