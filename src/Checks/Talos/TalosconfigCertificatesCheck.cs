using Deepthought.Checks.Model;
using Deepthought.Protocols.Talos.Tls;

namespace Deepthought.Checks.Talos;

/// <summary>The talosconfig's client certificate and CA are valid and not about to expire (warn within the profile's horizon).</summary>
public sealed class TalosconfigCertificatesCheck : CheckBase
{
    public override string Id => TalosCheckIds.TalosconfigCertificates;

    public override Phase Phase => Phase.Talos;

    public override string Title => "the talosconfig client certificate and CA are valid beyond the expiry warning horizon";

    public override string Hint => "talosctl config info; a new client certificate: talosctl --talosconfig=./talosconfig config new ./talosconfig.new --roles os:admin";

    public override IReadOnlyList<string> FailingScenarios => ["talos-client-cert-expiring", "talos-client-cert-expired"];

    public override async ValueTask<Verdict> EvaluateAsync(CheckContext context, CancellationToken cancellationToken)
    {
        var config = await context.ObserveAsync<TalosconfigObservation>(cancellationToken);
        var now = context.Time.GetUtcNow();
        var horizon = context.Profile.Talos.CertificateExpiryWarningDays;
        var failures = new List<Evidence>();
        var warnings = new List<Evidence>();
        var observed = new List<Evidence>();
        foreach (var (what, cert) in new[] { ("client certificate", config.Client), ("CA", config.Ca) })
        {
            var subject = $"talosconfig {config.Path} context {config.Context}: {what} {cert.Subject}";
            var days = (cert.NotAfter - now).TotalDays;
            var until = CertificateVerifier.Format(cert.NotAfter);
            if (now > cert.NotAfter)
            {
                failures.Add(new Evidence(subject, "valid", $"expired on {until} ({-days:0.#} days ago)"));
            }
            else if (now < cert.NotBefore)
            {
                failures.Add(new Evidence(subject, "valid", $"not valid before {CertificateVerifier.Format(cert.NotBefore)}"));
            }
            else if (days < horizon)
            {
                warnings.Add(new Evidence(subject, $"valid for at least {horizon} more days", $"expires on {until}, in {days:0.#} days"));
            }

            observed.Add(new Evidence(subject, $"valid for at least {horizon} more days", $"{cert.Algorithm}, valid until {until} ({days:0} days)"));
        }

        return failures.Count > 0
            ? Verdict.FromFindings(failures.Concat(warnings).ToList(), "")
            : Verdict.FromFindings(warnings, $"talosconfig certificates are valid for at least {horizon} more days", observed, Severity.Warn);
    }
}
