using System.Text;

namespace Lensmor.Module.Tests;

/// <summary>
/// A small reader for PowerShell data files (.psd1): hashtables @{ }, arrays @( ) with newline or comma
/// separators, single and double quoted strings, numbers, $true/$false/$null, and # and &lt;# #&gt; comments.
/// Values come back as string, bool, null, List&lt;object?&gt; or Dictionary&lt;string, object?&gt; (keys ignore case).
/// </summary>
public sealed class Psd1Parser
{
    private readonly string text;
    private int pos;

    private Psd1Parser(string text)
    {
        this.text = text;
    }

    public static Dictionary<string, object?> ParseFile(string path) => Parse(File.ReadAllText(path));

    public static Dictionary<string, object?> Parse(string text)
    {
        var parser = new Psd1Parser(text.TrimStart('\uFEFF'));
        parser.SkipTrivia();
        var value = parser.ParseValue();
        parser.SkipTrivia();
        if (parser.pos != parser.text.Length)
        {
            throw parser.Error("unexpected text after the top-level hashtable");
        }

        return value as Dictionary<string, object?> ?? throw parser.Error("the file is not a hashtable");
    }

    /// <summary>A value as a list of strings: a single string becomes a one-item list.</summary>
    public static IReadOnlyList<string> Strings(Dictionary<string, object?> data, string key) => data.TryGetValue(key, out var value)
        ? value switch
        {
            null => Array.Empty<string>(),
            string s => new[] { s },
            List<object?> list => list.Select(i => i?.ToString() ?? string.Empty).ToList(),
            _ => throw new InvalidDataException(key + " is not a string or an array of strings."),
        }
        : Array.Empty<string>();

    private object? ParseValue()
    {
        SkipTrivia();
        if (Peek("@{"))
        {
            pos += 2;
            return ParseHashtable();
        }

        if (Peek("@("))
        {
            pos += 2;
            return ParseArray(')');
        }

        if (Peek("'"))
        {
            return ParseSingleQuoted();
        }

        if (Peek("\""))
        {
            return ParseDoubleQuoted();
        }

        var start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] is '$' or '.' or '-' or '_'))
        {
            pos++;
        }

        var word = text.Substring(start, pos - start);
        return word.ToLowerInvariant() switch
        {
            "" => throw Error("a value was expected"),
            "$true" => true,
            "$false" => false,
            "$null" => null,
            _ when word.StartsWith('$') => throw Error("variables are not allowed in a data file: " + word),
            _ => word,
        };
    }

    private Dictionary<string, object?> ParseHashtable()
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            SkipTrivia(includeSeparators: true);
            if (Peek("}"))
            {
                pos++;
                return result;
            }

            var key = Peek("'") ? ParseSingleQuoted() : Peek("\"") ? ParseDoubleQuoted() : ParseBareKey();
            SkipTrivia();
            Expect('=');
            if (!result.TryAdd(key, ParseValue()))
            {
                throw Error("duplicate key " + key);
            }
        }
    }

    private List<object?> ParseArray(char close)
    {
        var result = new List<object?>();
        while (true)
        {
            SkipTrivia(includeSeparators: true);
            if (pos < text.Length && text[pos] == close)
            {
                pos++;
                return result;
            }

            result.Add(ParseValue());
            SkipTrivia();
            if (pos < text.Length && text[pos] == ',')
            {
                pos++;
            }
        }
    }

    private string ParseBareKey()
    {
        var start = pos;
        while (pos < text.Length && (char.IsLetterOrDigit(text[pos]) || text[pos] == '_'))
        {
            pos++;
        }

        return pos > start ? text.Substring(start, pos - start) : throw Error("a key was expected");
    }

    private string ParseSingleQuoted()
    {
        Expect('\'');
        var builder = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw Error("unterminated string");
            }

            if (text[pos] == '\'')
            {
                if (pos + 1 < text.Length && text[pos + 1] == '\'')
                {
                    builder.Append('\'');
                    pos += 2;
                    continue;
                }

                pos++;
                return builder.ToString();
            }

            builder.Append(text[pos++]);
        }
    }

    private string ParseDoubleQuoted()
    {
        Expect('"');
        var builder = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw Error("unterminated string");
            }

            var c = text[pos++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c == '$' && pos < text.Length && (char.IsLetter(text[pos]) || text[pos] == '('))
            {
                throw Error("expandable strings are not allowed in a data file");
            }

            builder.Append(c == '`' && pos < text.Length ? text[pos++] : c);
        }
    }

    private void SkipTrivia(bool includeSeparators = false)
    {
        while (pos < text.Length)
        {
            if (Peek("<#"))
            {
                var end = text.IndexOf("#>", pos + 2, StringComparison.Ordinal);
                pos = end < 0 ? throw Error("unterminated block comment") : end + 2;
            }
            else if (text[pos] == '#')
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else if (char.IsWhiteSpace(text[pos]) || (includeSeparators && text[pos] == ';'))
            {
                pos++;
            }
            else
            {
                return;
            }
        }
    }

    private bool Peek(string token) => string.CompareOrdinal(text, pos, token, 0, token.Length) == 0;

    private void Expect(char c)
    {
        if (pos >= text.Length || text[pos] != c)
        {
            throw Error($"'{c}' was expected");
        }

        pos++;
    }

    private InvalidDataException Error(string what)
    {
        var line = text.Take(Math.Min(pos, text.Length)).Count(ch => ch == '\n') + 1;
        return new InvalidDataException($"psd1 line {line}: {what}.");
    }
}
