using System.Globalization;

namespace Deepthought.Twin.Kubectl.Tables;

/// <summary>The API server's short ages ("45s", "3m20s", "5h", "12d"): coarser the older the object.</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 120)
        {
            return $"{Math.Max(0, seconds)}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return Pair(minutes, "m", seconds % 60, "s");
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return Pair(hours, "h", minutes % 60, "m");
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        var days = hours / 24;
        if (hours < 24 * 8)
        {
            return Pair(days, "d", hours % 24, "h");
        }

        if (days < 365 * 2)
        {
            return $"{days}d";
        }

        return days < 365 * 8 ? Pair(days / 365, "y", days % 365, "d") : $"{days / 365}y";
    }

    /// <summary>Age of an RFC 3339 timestamp at <paramref name="now"/>; "&lt;unknown&gt;" when absent.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? Format(now - t)
            : "<unknown>";

    private static string Pair(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? $"{major}{majorUnit}" : $"{major}{majorUnit}{minor}{minorUnit}";
}
