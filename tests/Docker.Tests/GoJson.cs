using System.Globalization;
using System.Text;

namespace Conlink.Docker.Tests;

/// <summary>
/// JSON exactly as Go's encoding/json writes it, for the recorded streams of Go engines (dockerd, podman):
/// no spaces; struct fields in declaration order (<see cref="GoStruct"/>, null fields left out as omitempty
/// does), map keys sorted bytewise; strings escaped HTML-safe (&lt; &gt; &amp; as \u003c \u003e \u0026,
/// U+2028/U+2029 too), everything else non-ASCII written raw; float64 in its shortest form, fixed-point
/// below 1e21 (so 1767225600123456789 read back as a float64 is 1767225600123456800).
/// </summary>
public static class GoJson
{
    public static string Encode(object? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    /// <summary>What json.Encoder.Encode writes: the value and a newline, as UTF-8.</summary>
    public static byte[] EncodeLine(object? value) => Encoding.UTF8.GetBytes(Encode(value) + "\n");

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append("null"); break;
            case string s: WriteString(text, s); break;
            case bool b: text.Append(b ? "true" : "false"); break;
            case int or long: text.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)); break;
            case double d: text.Append(Float64(d)); break;
            case GoStruct s: WriteMembers(text, s.Fields.Where(f => f.Value is not null)); break;
            case IReadOnlyDictionary<string, string> map:
                WriteMembers(text, map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, (object?)p.Value)));
                break;
            case IReadOnlyDictionary<string, object?> map:
                WriteMembers(text, map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
                break;
            default: throw new NotSupportedException($"GoJson: no encoding for {value.GetType()}");
        }
    }

    private static void WriteMembers(StringBuilder text, IEnumerable<(string Name, object? Value)> members)
    {
        text.Append('{');
        var first = true;
        foreach (var (name, value) in members)
        {
            if (!first) text.Append(',');
            first = false;
            WriteString(text, name);
            text.Append(':');
            Write(text, value);
        }
        text.Append('}');
    }

    private static void WriteString(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }

    // strconv.AppendFloat(f, 'f', -1, 64): the shortest digits that read back as the same float64, written out
    private static string Float64(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) >= 1e21 || (d != 0 && Math.Abs(d) < 1e-6))
            throw new NotSupportedException($"GoJson: {d} is written in exponent form, not needed here");
        var shortest = d.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        if (e < 0) return shortest;
        var mantissa = shortest[..e];
        var exponent = int.Parse(shortest[(e + 1)..], CultureInfo.InvariantCulture);
        var sign = mantissa.StartsWith('-') ? "-" : "";
        mantissa = mantissa.TrimStart('-');
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var integerDigits = (point < 0 ? mantissa.Length : point) + exponent;
        if (exponent < 0 || integerDigits < digits.Length)
            throw new NotSupportedException($"GoJson: {d} has a fraction, not needed here");
        return sign + digits + new string('0', integerDigits - digits.Length);
    }
}

/// <summary>A Go struct's JSON: its fields in declaration order; a null field is left out (omitempty).</summary>
public sealed class GoStruct(params (string Name, object? Value)[] fields)
{
    public IReadOnlyList<(string Name, object? Value)> Fields { get; } = fields;
}
