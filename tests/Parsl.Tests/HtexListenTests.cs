using System.Net;
using System.Net.Sockets;
using Parsl.Executors;

namespace Parsl.Tests;

/// <summary>An interchange that cannot listen where the config says fails the load with the executor, the address and what to do.</summary>
public sealed class HtexListenTests : HtexRunTest
{
    [Theory]
    [InlineData(HtexTransport.Grpc)]
    [InlineData(HtexTransport.NetMQ)]
    public async Task A_port_in_use_is_named_with_what_to_do(HtexTransport transport)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoadAsync(new HighThroughputExecutor("htex") { Address = "127.0.0.1", Port = port, Transport = transport }));

        Assert.Equal($"HighThroughputExecutor 'htex': the interchange cannot listen on 127.0.0.1:{port}: the port is in use (another program, or another run's " +
            "interchange, listens there); give another Port, or 0 (the default) to take a free one.", failure.Message);
    }

    [Theory]
    [InlineData(HtexTransport.Grpc)]
    [InlineData(HtexTransport.NetMQ)]
    public async Task An_address_of_another_machine_is_named_with_what_to_do(HtexTransport transport)
    {
        // TEST-NET-1 (RFC 5737): never an address of this machine.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoadAsync(new HighThroughputExecutor("htex") { Address = "192.0.2.1", Transport = transport, TrustedNetwork = true }));

        Assert.Equal("HighThroughputExecutor 'htex': the interchange cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine; " +
            "give one of its own (or 0.0.0.0 to listen on all of them).", failure.Message);
    }
}
