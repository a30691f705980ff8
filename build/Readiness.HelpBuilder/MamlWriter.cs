using System.Reflection;
using System.Text;
using System.Xml;

namespace Readiness.HelpBuilder;

/// <summary>One cmdlet's help, merged: metadata from the compiled cmdlet, prose from its docs page.</summary>
internal sealed record CommandHelp(CmdletShape Cmdlet, DocPage Page, string OnlineUri, IReadOnlyDictionary<string, List<string>> ParameterText);

/// <summary>Writes PowerShell's MAML (the Module.dll-Help.xml Get-Help reads) and about_ topics.</summary>
internal static class MamlWriter
{
    private const string Msh = "http://msh";
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void WriteFile(IEnumerable<CommandHelp> commands, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = new StreamWriter(path, false, new UTF8Encoding(false));
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument();
        xml.WriteStartElement("helpItems", Msh);
        xml.WriteAttributeString("schema", "maml");
        foreach (var c in commands.OrderBy(c => c.Cmdlet.Name, StringComparer.OrdinalIgnoreCase)) WriteCommand(xml, c);
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>An about_ topic as the plain text Get-Help shows: the Markdown with its heading marks removed.</summary>
    public static string AboutText(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n')
            .Where(l => !l.TrimStart().StartsWith("```", StringComparison.Ordinal))
            .Select(l => l.StartsWith('#') ? l.TrimStart('#').Trim().ToUpperInvariant() : "    " + l.TrimEnd());
        return string.Join(Environment.NewLine, lines).TrimEnd() + Environment.NewLine;
    }

    private static void WriteCommand(XmlWriter xml, CommandHelp help)
    {
        var c = help.Cmdlet;
        var page = help.Page;
        xml.WriteStartElement("command", "command", Command);
        xml.WriteAttributeString("xmlns", "maml", null, Maml);
        xml.WriteAttributeString("xmlns", "dev", null, Dev);

        xml.WriteStartElement("command", "details", Command);
        xml.WriteElementString("command", "name", Command, c.Name);
        xml.WriteElementString("command", "verb", Command, c.Verb);
        xml.WriteElementString("command", "noun", Command, c.Noun);
        Paragraphs(xml, "description", page.Synopsis);
        xml.WriteEndElement();

        Paragraphs(xml, "description", page.Description);

        xml.WriteStartElement("command", "syntax", Command);
        foreach (var set in c.ParameterSets)
        {
            xml.WriteStartElement("command", "syntaxItem", Command);
            xml.WriteElementString("maml", "name", Maml, c.Name);
            foreach (var (p, binding) in set.Parameters)
                WriteParameter(xml, p, binding.Mandatory, binding.Position?.ToString() ?? "named", binding.PipelineInput, null, set.Name);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("command", "parameters", Command);
        foreach (var p in Ordered(c, page))
            WriteParameter(xml, p, p.Required, p.Position, p.PipelineInput, help.ParameterText[p.Name],
                string.Join(", ", p.Sets.Select(s => s.SetName == CmdletShape.AllSets ? "(All)" : s.SetName)));
        xml.WriteEndElement();

        xml.WriteStartElement("command", "inputTypes", Command);
        foreach (var (type, paragraphs) in Inputs(c, page))
        {
            xml.WriteStartElement("command", "inputType", Command);
            TypeElement(xml, type);
            Paragraphs(xml, "description", paragraphs);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("command", "returnValues", Command);
        foreach (var type in c.OutputTypes)
        {
            xml.WriteStartElement("command", "returnValue", Command);
            TypeElement(xml, TypeNames.Full(type));
            Paragraphs(xml, "description", OutputText(type, page));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        if (page.Notes.Count > 0)
        {
            xml.WriteStartElement("maml", "alertSet", Maml);
            xml.WriteStartElement("maml", "alert", Maml);
            foreach (var p in page.Notes) xml.WriteElementString("maml", "para", Maml, p);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteStartElement("command", "examples", Command);
        foreach (var example in page.Examples)
        {
            xml.WriteStartElement("command", "example", Command);
            xml.WriteElementString("maml", "title", Maml, $"-------------------------- {example.Title} --------------------------");
            xml.WriteElementString("dev", "code", Dev, example.Code);
            xml.WriteStartElement("dev", "remarks", Dev);
            foreach (var p in example.Remarks) xml.WriteElementString("maml", "para", Maml, p);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("command", "relatedLinks", Command);
        Link(xml, "Online Version:", help.OnlineUri);
        foreach (var (text, uri) in page.Links) Link(xml, text, uri is null ? "" : Absolute(uri, help));
        xml.WriteEndElement();

        xml.WriteEndElement();
    }

    /// <summary>The page's order, which reads best; parameters the page lacks follow in declaration order, ShouldProcess last.</summary>
    private static IEnumerable<ParameterShape> Ordered(CmdletShape c, DocPage page)
    {
        int Rank(ParameterShape p)
        {
            if (p.IsShouldProcess) return int.MaxValue;
            var index = page.Parameters.FindIndex(d => p.Name.Equals(d.Name, StringComparison.OrdinalIgnoreCase) || p.Aliases.Contains(d.Name, StringComparer.OrdinalIgnoreCase));
            return index < 0 ? int.MaxValue - 1 : index;
        }
        return c.Parameters.Select((p, i) => (p, i)).OrderBy(x => Rank(x.p)).ThenBy(x => x.i).Select(x => x.p);
    }

    private static void WriteParameter(XmlWriter xml, ParameterShape p, bool required, string position, string pipelineInput, List<string>? description, string sets)
    {
        xml.WriteStartElement("command", "parameter", Command);
        xml.WriteAttributeString("required", required ? "true" : "false");
        xml.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
        xml.WriteAttributeString("globbing", p.Wildcards ? "true" : "false");
        xml.WriteAttributeString("pipelineInput", pipelineInput);
        xml.WriteAttributeString("position", position);
        xml.WriteAttributeString("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases));
        xml.WriteAttributeString("parameterSetName", sets);
        xml.WriteElementString("maml", "name", Maml, p.Name);
        if (description is not null) Paragraphs(xml, "description", description);
        if (p.AcceptedValues.Count > 0)
        {
            xml.WriteStartElement("command", "parameterValueGroup", Command);
            foreach (var value in p.AcceptedValues)
            {
                xml.WriteStartElement("command", "parameterValue", Command);
                xml.WriteAttributeString("required", "false");
                xml.WriteAttributeString("variableLength", "false");
                xml.WriteString(value);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        else if (!p.IsSwitch)
        {
            xml.WriteStartElement("command", "parameterValue", Command);
            xml.WriteAttributeString("required", "true");
            xml.WriteAttributeString("variableLength", p.Type.IsArray ? "true" : "false");
            xml.WriteString(TypeNames.Short(p.Type));
            xml.WriteEndElement();
        }
        xml.WriteStartElement("dev", "type", Dev);
        xml.WriteElementString("maml", "name", Maml, TypeNames.Full(p.Type));
        xml.WriteElementString("maml", "uri", Maml, "");
        xml.WriteEndElement();
        xml.WriteElementString("dev", "defaultValue", Dev, p.DefaultValue);
        xml.WriteEndElement();
    }

    /// <summary>The page's inputs; without any, what the pipeline parameters take.</summary>
    private static IEnumerable<(string Type, List<string> Paragraphs)> Inputs(CmdletShape c, DocPage page)
    {
        if (page.Inputs.Count > 0) return page.Inputs;
        var fed = c.Parameters.Where(p => p.Sets.Any(s => s.ByValue || s.ByPropertyName)).ToList();
        if (fed.Count == 0) return new[] { ("None", new List<string> { "This cmdlet takes no pipeline input." }) };
        return fed.Select(p => (TypeNames.Full(p.Type.IsArray ? p.Type.GetElementType()! : p.Type),
            new List<string> { $"-{p.Name} binds from the pipeline, {(p.Sets.Any(s => s.ByValue) ? "by value" : "by property name")}." }));
    }

    /// <summary>The page's words for this type, then every public property with its type, read from the type itself.</summary>
    private static List<string> OutputText(Type type, DocPage page)
    {
        var text = new List<string>();
        var full = TypeNames.Full(type);
        var own = page.Outputs.FirstOrDefault(o => o.Type.Equals(full, StringComparison.OrdinalIgnoreCase) || o.Type.Equals(type.Name, StringComparison.OrdinalIgnoreCase));
        if (own.Paragraphs is not null) text.AddRange(own.Paragraphs);
        else text.AddRange(page.OutputsIntro);
        if (type.Namespace == "Readiness" || type.Namespace?.StartsWith("Readiness.", StringComparison.Ordinal) == true)
        {
            var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)
                .Select(p => $"{p.Name} ({TypeNames.Short(p.PropertyType)})");
            text.Add("Properties: " + string.Join(", ", properties) + ".");
        }
        return text;
    }

    private static string Absolute(string uri, CommandHelp help) =>
        Uri.TryCreate(uri, UriKind.Absolute, out _) ? uri : new Uri(new Uri(help.OnlineUri), uri).ToString();

    private static void Link(XmlWriter xml, string text, string uri)
    {
        xml.WriteStartElement("maml", "navigationLink", Maml);
        xml.WriteElementString("maml", "linkText", Maml, text);
        xml.WriteElementString("maml", "uri", Maml, uri);
        xml.WriteEndElement();
    }

    private static void TypeElement(XmlWriter xml, string name)
    {
        xml.WriteStartElement("dev", "type", Dev);
        xml.WriteElementString("maml", "name", Maml, name);
        xml.WriteElementString("maml", "uri", Maml, "");
        xml.WriteEndElement();
    }

    private static void Paragraphs(XmlWriter xml, string element, IReadOnlyList<string> paragraphs)
    {
        xml.WriteStartElement("maml", element, Maml);
        if (paragraphs.Count == 0) xml.WriteElementString("maml", "para", Maml, "");
        foreach (var p in paragraphs) xml.WriteElementString("maml", "para", Maml, p);
        xml.WriteEndElement();
    }
}
