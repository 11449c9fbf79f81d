namespace Parsl.Executors.HighThroughput.Protocol;

/// <summary>Interchange → manager: it is let in, under this number.</summary>
internal readonly record struct WelcomeMessage(int ManagerId) : IProtocolMessage
{
    public static MessageKind Kind => MessageKind.Welcome;

    public void WriteBody(WireWriter writer) => writer.Write(ManagerId);

    public static WelcomeMessage ReadBody(ref WireReader reader)
    {
        var message = new WelcomeMessage(reader.ReadInt32());
        reader.EnsureEnd();
        return message;
    }
}
