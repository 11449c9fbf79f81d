using Grpc.Core;

namespace Parsl.Executors.HighThroughput;

/// <summary>
/// The gRPC service Kestrel routes the managers' streams to, bound by hand to <see cref="ManagerLinkMethod.Exchange"/>
/// in the shape gRPC's code generator gives services: ASP.NET Core's binder looks for an override of the method
/// declared on the type the attribute names.
/// </summary>
[BindServiceMethod(typeof(ManagerLinkServiceBase), nameof(BindService))]
internal abstract class ManagerLinkServiceBase
{
    public static void BindService(ServiceBinderBase binder, ManagerLinkServiceBase? service) =>
        binder.AddMethod(ManagerLinkMethod.Exchange, service is null ? null : new DuplexStreamingServerMethod<byte[], byte[]>(service.Exchange));

    public abstract Task Exchange(IAsyncStreamReader<byte[]> requests, IServerStreamWriter<byte[]> responses, ServerCallContext context);
}

/// <summary>Hands each manager's stream to the endpoint, which serves it for the manager's whole life.</summary>
internal sealed class ManagerLinkService(GrpcManagerEndpoint endpoint) : ManagerLinkServiceBase
{
    public override Task Exchange(IAsyncStreamReader<byte[]> requests, IServerStreamWriter<byte[]> responses, ServerCallContext context) =>
        endpoint.ServeAsync(requests, responses, context);
}
