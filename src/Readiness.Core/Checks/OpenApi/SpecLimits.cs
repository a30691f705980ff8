namespace Readiness.Core.Checks.OpenApi;

/// <summary>
/// The limits of an OpenAPI document, checked before any reader builds a tree of it: its size, its JSON nesting, and
/// for YAML the depth and alias expansion every YAML reader of the project is held to (<see cref="Checklists.YamlLimits"/>).
/// </summary>
public static class SpecLimits
{
    public const int MaxDepth = Checklists.YamlLimits.MaxDepth;
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The limit the document exceeds, as a sentence about the input, or null.</summary>
    public static string? Check(string text)
    {
        if (text.Length > MaxBytes) return SizeProblem(text.Length);
        return text.TrimStart().StartsWith('{') ? CheckJson(text) : CheckYaml(text);
    }

    public static string SizeProblem(long size) =>
        $"the document is larger than {MaxBytes / (1024 * 1024)} MB ({size / (1024.0 * 1024):0.#} MB), the limit for an OpenAPI spec";

    private static string DepthProblem(long line) => $"nesting deeper than {MaxDepth} levels at line {line}";

    private static string? CheckJson(string text)
    {
        var depth = 0;
        var line = 1;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') line++;
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            switch (c)
            {
                case '"': inString = true; break;
                case '{' or '[':
                    if (++depth > MaxDepth) return DepthProblem(line);
                    break;
                case '}' or ']': depth--; break;
            }
        }
        return null;
    }

    private static string? CheckYaml(string text) => Checklists.YamlLimits.Problem(text, "an OpenAPI spec");
}
