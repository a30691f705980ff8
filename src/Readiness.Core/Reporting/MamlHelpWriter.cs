using System.Xml;

namespace Readiness.Core.Reporting;

/// <summary>
/// Writes PowerShell's MAML help (the <c>Module.dll-Help.xml</c> that Get-Help reads) from the cmdlet pages in
/// docs/cmdlets/, so the Markdown pages are the one source of help. Run at package time by the hidden CLI
/// command <c>readiness build-help</c>.
/// </summary>
public static class MamlHelpWriter
{
    private const string Msh = "http://msh";
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void Write(IEnumerable<CommandHelp> commands, TextWriter output)
    {
        using var xml = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        xml.WriteStartDocument();
        xml.WriteStartElement("helpItems", Msh);
        xml.WriteAttributeString("schema", "maml");
        foreach (var c in commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)) WriteCommand(xml, c);
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    public static void WriteFile(IEnumerable<CommandHelp> commands, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        Write(commands, writer);
    }

    /// <summary>An about_ topic as the plain text Get-Help shows: the Markdown with its heading marks removed.</summary>
    public static string AboutText(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n')
            .Where(l => !l.TrimStart().StartsWith("```", StringComparison.Ordinal))
            .Select(l => l.StartsWith('#') ? l.TrimStart('#').Trim().ToUpperInvariant() : "    " + l.TrimEnd());
        return string.Join(Environment.NewLine, lines).TrimEnd() + Environment.NewLine;
    }

    private static void WriteCommand(XmlWriter xml, CommandHelp c)
    {
        xml.WriteStartElement("command", "command", Command);
        xml.WriteAttributeString("xmlns", "maml", null, Maml);
        xml.WriteAttributeString("xmlns", "dev", null, Dev);

        xml.WriteStartElement("command", "details", Command);
        xml.WriteElementString("command", "name", Command, c.Name);
        xml.WriteElementString("command", "verb", Command, c.Verb);
        xml.WriteElementString("command", "noun", Command, c.Noun);
        Paragraphs(xml, "description", c.Synopsis);
        xml.WriteEndElement();

        Paragraphs(xml, "description", c.Description);

        xml.WriteStartElement("command", "syntax", Command);
        var sets = c.ParameterSets.Count == 0 ? new List<string> { "" } : c.ParameterSets.ToList();
        foreach (var set in sets)
        {
            xml.WriteStartElement("command", "syntaxItem", Command);
            xml.WriteElementString("maml", "name", Maml, c.Name);
            foreach (var p in c.Parameters.Where(p => set == "" || p.InSet(set))) WriteParameter(xml, p);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("command", "parameters", Command);
        foreach (var p in c.Parameters) WriteParameter(xml, p);
        xml.WriteEndElement();

        TypeList(xml, "inputTypes", "inputType", c.Inputs);
        TypeList(xml, "returnValues", "returnValue", c.Outputs);

        if (c.Notes.Length > 0)
        {
            xml.WriteStartElement("maml", "alertSet", Maml);
            xml.WriteStartElement("maml", "alert", Maml);
            Para(xml, c.Notes);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteStartElement("command", "examples", Command);
        foreach (var (title, code, remarks) in c.Examples)
        {
            xml.WriteStartElement("command", "example", Command);
            xml.WriteElementString("maml", "title", Maml, $"-------------------------- {title} --------------------------");
            xml.WriteElementString("dev", "code", Dev, code);
            xml.WriteStartElement("dev", "remarks", Dev);
            Para(xml, remarks);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteStartElement("command", "relatedLinks", Command);
        foreach (var link in c.RelatedLinks)
        {
            xml.WriteStartElement("maml", "navigationLink", Maml);
            xml.WriteElementString("maml", "linkText", Maml, link);
            xml.WriteElementString("maml", "uri", Maml, "");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteEndElement();
    }

    private static void WriteParameter(XmlWriter xml, ParameterHelp p)
    {
        var isSwitch = p.Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);
        xml.WriteStartElement("command", "parameter", Command);
        xml.WriteAttributeString("required", p.Required ? "true" : "false");
        xml.WriteAttributeString("variableLength", p.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false");
        xml.WriteAttributeString("globbing", "false");
        xml.WriteAttributeString("pipelineInput", p.PipelineInput);
        xml.WriteAttributeString("position", p.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : p.Position);
        xml.WriteAttributeString("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases));
        xml.WriteElementString("maml", "name", Maml, p.Name);
        Paragraphs(xml, "description", p.Description);
        if (!isSwitch)
        {
            xml.WriteStartElement("command", "parameterValue", Command);
            xml.WriteAttributeString("required", "true");
            xml.WriteAttributeString("variableLength", "false");
            xml.WriteString(p.Type);
            xml.WriteEndElement();
        }
        xml.WriteStartElement("dev", "type", Dev);
        xml.WriteElementString("maml", "name", Maml, p.Type);
        xml.WriteElementString("maml", "uri", Maml, "");
        xml.WriteEndElement();
        xml.WriteElementString("dev", "defaultValue", Dev, p.DefaultValue);
        xml.WriteEndElement();
    }

    private static void TypeList(XmlWriter xml, string listName, string itemName, List<(string Type, string Description)> items)
    {
        xml.WriteStartElement("command", listName, Command);
        foreach (var (type, description) in items)
        {
            xml.WriteStartElement("command", itemName, Command);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, type);
            xml.WriteEndElement();
            Paragraphs(xml, "description", description);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Paragraphs(XmlWriter xml, string element, string text)
    {
        xml.WriteStartElement("maml", element, Maml);
        Para(xml, text);
        xml.WriteEndElement();
    }

    private static void Para(XmlWriter xml, string text)
    {
        var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paragraphs.Length == 0) xml.WriteElementString("maml", "para", Maml, "");
        foreach (var p in paragraphs) xml.WriteElementString("maml", "para", Maml, p);
    }
}
