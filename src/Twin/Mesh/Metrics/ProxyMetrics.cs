using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Deepthought.Twin.Mesh.Metrics;

/// <summary>
/// One proxy's metric registry: counters, gauges and latency histograms keyed by family and label set, rendered as
/// Prometheus text (0.0.4) with HELP and TYPE lines. Only traffic that really crossed the proxy moves them.
/// </summary>
public sealed class ProxyMetrics
{
    private readonly ConcurrentDictionary<(string Family, string Labels), Series> _series = new();

    public void Increment(MetricFamily family, Labels labels, double by = 1) => Get(family, labels).Add(by);

    public void Set(MetricFamily family, Labels labels, double value) => Get(family, labels).Set(value);

    public void Observe(MetricFamily family, Labels labels, double value) => Get(family, labels).Observe(value);

    /// <summary>The current value of one series (0 when it never moved).</summary>
    public double Value(MetricFamily family, Labels labels) =>
        _series.TryGetValue((family.Name, labels.Render()), out var s) ? s.Value : 0;

    public string Render()
    {
        var sb = new StringBuilder();
        var byFamily = _series.ToArray().GroupBy(kv => kv.Key.Family).ToDictionary(g => g.Key, g => g.OrderBy(kv => kv.Key.Labels, StringComparer.Ordinal).ToList());
        foreach (var family in MetricFamilies.All)
        {
            sb.Append("# HELP ").Append(family.Name).Append(' ').Append(family.Help).Append('\n');
            sb.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type.ToString().ToLowerInvariant()).Append('\n');
            if (!byFamily.TryGetValue(family.Name, out var series))
            {
                continue;
            }

            foreach (var (key, s) in series)
            {
                if (family.Type == MetricType.Histogram)
                {
                    s.RenderHistogram(sb, family.Name, key.Labels);
                }
                else
                {
                    sb.Append(family.Name).Append(key.Labels).Append(' ').Append(Format(s.Value)).Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    internal static string Format(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : v.ToString(Math.Abs(v % 1) < double.Epsilon && Math.Abs(v) < 1e15 ? "0" : "R", CultureInfo.InvariantCulture);

    private Series Get(MetricFamily family, Labels labels) =>
        _series.GetOrAdd((family.Name, labels.Render()), _ => new Series(family.Type == MetricType.Histogram));

    private sealed class Series(bool histogram)
    {
        private readonly object _gate = new();
        private readonly long[]? _buckets = histogram ? new long[MetricFamilies.LatencyBuckets.Count + 1] : null;
        private double _value;
        private double _sum;

        public double Value
        {
            get
            {
                lock (_gate)
                {
                    return _value;
                }
            }
        }

        public void Add(double by)
        {
            lock (_gate)
            {
                _value += by;
            }
        }

        public void Set(double v)
        {
            lock (_gate)
            {
                _value = v;
            }
        }

        public void Observe(double v)
        {
            lock (_gate)
            {
                var i = 0;
                while (i < MetricFamilies.LatencyBuckets.Count && v > MetricFamilies.LatencyBuckets[i])
                {
                    i++;
                }

                _buckets![i]++;
                _sum += v;
                _value++;
            }
        }

        public void RenderHistogram(StringBuilder sb, string name, string labels)
        {
            lock (_gate)
            {
                // Insert le as the last label: {a="1"} -> {a="1",le="5"}.
                var prefix = labels.Length == 0 ? "{" : labels[..^1] + ",";
                long cumulative = 0;
                for (var i = 0; i <= MetricFamilies.LatencyBuckets.Count; i++)
                {
                    cumulative += _buckets![i];
                    var le = i < MetricFamilies.LatencyBuckets.Count ? Format(MetricFamilies.LatencyBuckets[i]) : "+Inf";
                    sb.Append(name).Append("_bucket").Append(prefix).Append("le=\"").Append(le).Append("\"} ").Append(cumulative).Append('\n');
                }

                sb.Append(name).Append("_sum").Append(labels).Append(' ').Append(Format(_sum)).Append('\n');
                sb.Append(name).Append("_count").Append(labels).Append(' ').Append(Format(_value)).Append('\n');
            }
        }
    }
}
