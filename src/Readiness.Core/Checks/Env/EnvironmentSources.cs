namespace Readiness.Core.Checks.Env;

/// <summary>Reads variables from the process environment or a .env file (KEY=VALUE, export, quotes, comments).</summary>
public static class EnvironmentSources
{
    public static Dictionary<string, (string Value, int Line)> ReadDotEnv(string path)
    {
        var result = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line[7..].TrimStart();
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' && value[^1] == '"' || value[0] == '\'' && value[^1] == '\''))
                value = value[1..^1];
            else
            {
                var hash = value.IndexOf(" #", StringComparison.Ordinal);
                if (hash >= 0) value = value[..hash].TrimEnd();
            }
            result[key] = (value, lineNumber);
        }
        return result;
    }
}
