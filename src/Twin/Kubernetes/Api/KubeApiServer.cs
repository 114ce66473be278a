using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Deepthought.Protocols.Formats;
using Deepthought.Twin.Hosting;
using Deepthought.Twin.Kubernetes.Api.Rbac;
using Deepthought.Twin.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deepthought.Twin.Kubernetes.Api;

/// <summary>
/// The twin's Kubernetes API server: HTTPS on 127.0.0.1 (ephemeral port) with its own CA and client-certificate
/// authentication, RBAC from the bootstrap roles plus the chosen auditor role (<see cref="TwinOptions.AuditorPolicy"/>:
/// profiles/rbac/auditor.yaml or auditor-no-secrets.yaml), and a kubeconfig with the
/// <c>admin@&lt;profile&gt;</c> (system:masters) and <c>auditor@&lt;profile&gt;</c> (deepthought-auditor) contexts.
/// Starts last, after the seeders filled the store.
/// </summary>
[TwinScenario("kube-api-down", "the Kubernetes API is unreachable: the kubeconfig points at a closed port")]
[TwinScenario("kubeconfig-foreign-cluster", "the kubeconfig's contexts point at a cluster entry named homelab-old, not the profiled cluster")]
public sealed class KubeApiServer : ITwinComponent
{
    public const string AdminUser = "admin";
    public const string AuditorUser = "deepthought-auditor";

    private WebApplication? _app;
    private KubeApi? _api;
    private KubePki? _pki;
    private string _auditorPolicy = RbacPolicy.AuditorFile;

    public int Order => 900;

    /// <summary>https://127.0.0.1:port, once started.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Where the auditor policy was read from (a path in the repository, or "embedded").</summary>
    public string? AuditorPolicySource { get; private set; }

    public async Task StartAsync(TwinContext context, CancellationToken cancellationToken)
    {
        var log = context.Find<RequestLog>() ?? new RequestLog();
        var health = context.Find<ApiHealthChecks>() ?? new ApiHealthChecks();
        context.Provide(log);
        context.Provide(health);
        context.Provide(this);
        _auditorPolicy = context.AuditorPolicy;
        SeedRbac(context.Store);

        // TLS peers check validity against their own wall clock, whatever clock the twin runs on.
        var now = TimeProvider.System.GetUtcNow();
        _pki = KubePki.Create(context.Profile.Name, now);
        var admin = _pki.IssueClient(AdminUser, [KubeUser.Masters], now);
        var auditor = _pki.IssueClient(AuditorUser, [], now);

        int port;
        if (context.Scenarios.Has("kube-api-down"))
        {
            port = ClosedPort();
            context.Notices.Enqueue($"kube-api-down: the kubeconfig points at 127.0.0.1:{port}, where nothing listens");
        }
        else
        {
            _api = new KubeApi(context.Store, context.Proxies, context.Time, log, health, context.KubeApiExtension?.Invoke(context.Store));
            port = await StartKestrelAsync(_api, _pki, context.WorkDirectory, cancellationToken);
            _api.ServerAddress = $"127.0.0.1:{port}";
        }

        Address = new Uri($"https://127.0.0.1:{port}");
        var kubeconfig = Path.Combine(context.WorkDirectory, "kubeconfig");
        var clusterEntry = context.Scenarios.Has("kubeconfig-foreign-cluster") ? "homelab-old" : context.Profile.Name;
        KubeconfigWriter.Write(kubeconfig, KubeconfigWriter.Render(
            context.Profile.Name, Address.AbsoluteUri.TrimEnd('/'), _pki.CaPem, [("admin", admin), ("auditor", auditor)], clusterEntry));
        context.Outputs["kubeconfig"] = kubeconfig;
    }

    private void SeedRbac(KubeStore store)
    {
        var (yaml, source) = RbacPolicy.LoadAuditor(file: _auditorPolicy);
        AuditorPolicySource = source;
        foreach (var obj in RbacPolicy.Bootstrap().Concat(YamlJson.ParseObjects(yaml)))
        {
            var type = store.RequireKind((string)obj["apiVersion"]!, (string)obj["kind"]!);
            if (store.Get(type, (string?)obj["metadata"]?["namespace"], (string)obj["metadata"]!["name"]!) is null)
            {
                store.Put(obj);
            }
        }
    }

    private async Task<int> StartKestrelAsync(KubeApi api, KubePki pki, string workDirectory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "deepthought-twin-kube-apiserver",
            ContentRootPath = workDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        // The twin's owner decides when it stops (tests, the CLI's Ctrl-C), not the host's signal handlers.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = pki.Server,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (cert, _, _) => pki.Verify(cert),
                    CheckCertificateRevocation = false,
                });
            });
        });
        _app = builder.Build();
        api.Stopping = _app.Lifetime.ApplicationStopping;
        _app.Run(api.HandleAsync);
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address).Port;
    }

    // A port that was free a moment ago and is closed now: connections to it are refused.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
            _app = null;
        }

        _api?.Dispose();
        _pki?.Dispose();
    }

    /// <summary>A host lifetime that ignores Ctrl-C and SIGTERM (the embedding process handles them).</summary>
    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
