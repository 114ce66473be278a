using System.Reflection;
using Deepthought.Protocols.Profile;
using Deepthought.Twin.Scenarios;

namespace Deepthought.Twin.Hosting;

public sealed record TwinOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public bool RequireRealBackends { get; init; }

    /// <summary>Parent of the twin's private work folder (default: the system temp folder).</summary>
    public string? WorkRoot { get; init; }

    /// <summary>
    /// The auditor role the twin's API server enforces on its auditor identity: profiles/rbac/auditor.yaml (default)
    /// or profiles/rbac/auditor-no-secrets.yaml.
    /// </summary>
    public string AuditorPolicy { get; init; } = Kubernetes.Api.Rbac.RbacPolicy.AuditorFile;

    /// <summary>
    /// The API server's kubectl-only forms (tables, protobuf bodies, OpenAPI, patches, watch): Deepthought.Twin.Kubectl's
    /// <c>KubectlSupport.Create</c> for <c>deepthought twin</c> and the kubectl tests; null (the default) for conformance
    /// runs, which never ask for them.
    /// </summary>
    public Func<Kubernetes.KubeStore, Kubernetes.Api.IKubeApiExtension>? KubeApiExtension { get; init; }

    /// <summary>Component types to leave out (tests of one part).</summary>
    public IReadOnlySet<Type> Exclude { get; init; } = new HashSet<Type>();
}

/// <summary>
/// The embedded Deepthought: every <see cref="ITwinComponent"/> in this assembly, started in order from the profile
/// and the active scenarios. Clients reach it only through the kubeconfig and talosconfig it writes.
/// </summary>
public sealed class DeepthoughtTwin : IAsyncDisposable
{
    private readonly List<ITwinComponent> _started = [];

    private DeepthoughtTwin(TwinContext context)
    {
        Context = context;
    }

    public TwinContext Context { get; }

    public string KubeconfigPath => Context.Outputs.TryGetValue("kubeconfig", out var p) ? p : throw new InvalidOperationException("the twin wrote no kubeconfig");

    public string? TalosconfigPath => Context.Outputs.TryGetValue("talosconfig", out var p) ? p : null;

    /// <summary>The twin's apid endpoints (its talosconfig has none, as `talosctl gen config` writes it): pass them as talosctl's -e.</summary>
    public IReadOnlyList<string> TalosEndpoints => Context.Outputs.TryGetValue("talosEndpoints", out var e)
        ? e.Split(',', StringSplitOptions.RemoveEmptyEntries)
        : [];

    public static async Task<DeepthoughtTwin> StartAsync(ClusterProfile profile, ScenarioSet scenarios, TwinOptions options, CancellationToken cancellationToken)
    {
        var work = Path.Combine(options.WorkRoot ?? Path.GetTempPath(), $"deepthought-twin-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(work);
        var twin = new DeepthoughtTwin(new TwinContext(profile, scenarios, work, options.Time, options.RequireRealBackends) { AuditorPolicy = options.AuditorPolicy, KubeApiExtension = options.KubeApiExtension });
        try
        {
            foreach (var component in Components(options.Exclude))
            {
                twin._started.Add(component);
                await component.StartAsync(twin.Context, cancellationToken);
            }
        }
        catch
        {
            await twin.DisposeAsync();
            throw;
        }

        return twin;
    }

    private static IEnumerable<ITwinComponent> Components(IReadOnlySet<Type> exclude) =>
        typeof(DeepthoughtTwin).Assembly.GetTypes()
            .Where(t => typeof(ITwinComponent).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && !exclude.Contains(t))
            .Where(t => t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(t => (ITwinComponent)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Order)
            .ThenBy(c => c.GetType().Name, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].DisposeAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Context.Notices.Enqueue($"twin component {_started[i].GetType().Name} did not stop cleanly: {e.Message}");
            }
        }

        _started.Clear();
        try
        {
            Directory.Delete(Context.WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A backend may still hold a file for a moment; the folder is in the temp area.
        }
    }
}
