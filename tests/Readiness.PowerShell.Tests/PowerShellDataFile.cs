using System.Globalization;
using System.Text;

namespace Readiness.PowerShell.Tests;

/// <summary>
/// A restricted reader for PowerShell data files (.psd1), enough for module manifests: hashtables <c>@{ }</c>,
/// arrays <c>@( )</c> and comma lists, single- and double-quoted strings, numbers, <c>$true</c>/<c>$false</c>/
/// <c>$null</c>, and <c>#</c> / <c>&lt;# #&gt;</c> comments. Anything else (expressions, variables, sub-expressions)
/// is rejected, as Import-PowerShellDataFile would reject it. Hashtables become case-insensitive dictionaries,
/// arrays become <c>List&lt;object?&gt;</c>.
/// </summary>
public sealed class PowerShellDataFile
{
    private readonly string _text;
    private int _pos;

    private PowerShellDataFile(string text) => _text = text;

    public static Dictionary<string, object?> ReadFile(string path) => Parse(File.ReadAllText(path));

    public static Dictionary<string, object?> Parse(string text)
    {
        var reader = new PowerShellDataFile(text);
        reader.SkipTrivia(newlines: true);
        var value = reader.ReadValue();
        reader.SkipTrivia(newlines: true);
        if (reader._pos < text.Length) throw reader.Error("unexpected text after the top-level hashtable");
        return value as Dictionary<string, object?> ?? throw reader.Error("a data file must contain one hashtable");
    }

    private object? ReadValue()
    {
        var first = ReadSingle();
        SkipTrivia(newlines: false);
        if (Peek() != ',') return first;
        var list = new List<object?> { first };
        while (Peek() == ',')
        {
            _pos++;
            SkipTrivia(newlines: true);
            list.Add(ReadSingle());
            SkipTrivia(newlines: false);
        }
        return list;
    }

    private object? ReadSingle()
    {
        SkipTrivia(newlines: true);
        var c = Peek();
        if (c == '@' && PeekAt(1) == '{') return ReadHashtable();
        if (c == '@' && PeekAt(1) == '(') return ReadArray();
        if (c == '\'') return ReadSingleQuoted();
        if (c == '"') return ReadDoubleQuoted();
        if (c == '$') return ReadConstant();
        if (char.IsDigit(c) || c == '-' || c == '.') return ReadNumber();
        throw Error($"unexpected '{c}'");
    }

    private Dictionary<string, object?> ReadHashtable()
    {
        _pos += 2;
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipTrivia(newlines: true, semicolons: true);
            if (Peek() == '}') { _pos++; return result; }
            if (_pos >= _text.Length) throw Error("unterminated hashtable");
            var key = ReadKey();
            SkipTrivia(newlines: false);
            if (Peek() != '=') throw Error($"expected '=' after key '{key}'");
            _pos++;
            if (result.ContainsKey(key)) throw Error($"duplicate key '{key}'");
            result[key] = ReadValue();
        }
    }

    private List<object?> ReadArray()
    {
        _pos += 2;
        var list = new List<object?>();
        while (true)
        {
            SkipTrivia(newlines: true, semicolons: true);
            if (Peek() == ')') { _pos++; return list; }
            if (_pos >= _text.Length) throw Error("unterminated array");
            list.Add(ReadSingle()); // commas and newlines both separate elements inside @( )
            SkipTrivia(newlines: false);
            if (Peek() == ',') _pos++;
        }
    }

    private string ReadKey()
    {
        var c = Peek();
        if (c == '\'') return ReadSingleQuoted();
        if (c == '"') return ReadDoubleQuoted();
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-' or '.')) _pos++;
        if (_pos == start) throw Error($"expected a key, found '{c}'");
        return _text[start.._pos];
    }

    private string ReadSingleQuoted()
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            var c = _text[_pos++];
            if (c == '\'')
            {
                if (Peek() == '\'') { sb.Append('\''); _pos++; continue; }
                return sb.ToString();
            }
            sb.Append(c);
        }
    }

    private string ReadDoubleQuoted()
    {
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            var c = _text[_pos++];
            if (c == '`' && _pos < _text.Length) { sb.Append(_text[_pos++]); continue; }
            if (c == '"')
            {
                if (Peek() == '"') { sb.Append('"'); _pos++; continue; }
                return sb.ToString();
            }
            if (c == '$' && _pos < _text.Length && (char.IsLetter(_text[_pos]) || _text[_pos] is '(' or '{'))
                throw Error("variables and sub-expressions are not allowed in a data file");
            sb.Append(c);
        }
    }

    private object? ReadConstant()
    {
        foreach (var (word, value) in new (string, object?)[] { ("$true", true), ("$false", false), ("$null", null) })
        {
            if (string.Compare(_text, _pos, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
            _pos += word.Length;
            return value;
        }
        throw Error("only $true, $false and $null are allowed in a data file");
    }

    private object ReadNumber()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '.' or '-' or '+')) _pos++;
        var token = _text[start.._pos];
        if (long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        throw Error($"'{token}' is not a number (bare words are not allowed)");
    }

    private void SkipTrivia(bool newlines, bool semicolons = false)
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '#') { while (_pos < _text.Length && _text[_pos] != '\n') _pos++; continue; }
            if (c == '<' && PeekAt(1) == '#')
            {
                var end = _text.IndexOf("#>", _pos + 2, StringComparison.Ordinal);
                if (end < 0) throw Error("unterminated block comment");
                _pos = end + 2;
                continue;
            }
            if (c is ' ' or '\t' or '\r' || (newlines && c == '\n') || (semicolons && c == ';')) { _pos++; continue; }
            if (c == '`' && PeekAt(1) is '\n' or '\r') { _pos += 2; continue; }
            break;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';
    private char PeekAt(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private FormatException Error(string message)
    {
        var line = 1 + _text.Take(Math.Min(_pos, _text.Length)).Count(ch => ch == '\n');
        return new FormatException($"psd1 line {line}: {message}.");
    }
}
