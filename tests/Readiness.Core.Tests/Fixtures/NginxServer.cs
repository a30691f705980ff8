namespace Readiness.Core.Tests.Fixtures;

/// <summary>
/// A real nginx on 127.0.0.1 with a config written by the test. The <c>serverBlocks</c> text is placed inside
/// <c>http { }</c>; use {PORT}, {PORT2}... placeholders in it, filled with free ports (exposed as <see cref="Ports"/>).
/// Files under <see cref="Root"/> can be served (root {ROOT}).
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    private ServerProcess? _process;

    private NginxServer(string prefix, int[] ports)
    {
        Prefix = prefix;
        Ports = ports;
    }

    public string Prefix { get; }
    public string Root => Path.Combine(Prefix, "html");
    public int[] Ports { get; }
    public int Port => Ports[0];
    public string Url(string path = "/", int index = 0, string scheme = "http") => $"{scheme}://127.0.0.1:{Ports[index]}{path}";

    public static async Task<NginxServer> StartAsync(string serverBlocks, int portCount = 1, string? httpExtra = null)
    {
        var nginx = Tools.Find("nginx") ?? throw new InvalidOperationException("nginx is not installed (apt-get install nginx).");
        var prefix = TempFolder.Create("readiness-nginx-");
        Directory.CreateDirectory(Path.Combine(prefix, "html"));
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        File.WriteAllText(Path.Combine(prefix, "html", "index.html"), "<html><body>ok</body></html>");
        var ports = Enumerable.Range(0, portCount).Select(_ => FreePort.Next()).ToArray();
        var blocks = serverBlocks.Replace("{ROOT}", Path.Combine(prefix, "html")).Replace("{PREFIX}", prefix);
        for (var i = ports.Length - 1; i >= 0; i--) blocks = blocks.Replace(i == 0 ? "{PORT}" : $"{{PORT{i + 1}}}", ports[i].ToString());
        var conf = $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              default_type text/html;
              {{httpExtra}}
              {{blocks}}
            }
            """;
        var confPath = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(confPath, conf);
        var server = new NginxServer(prefix, ports);
        server._process = ServerProcess.Start(nginx, new[] { "-p", prefix, "-c", confPath, "-e", Path.Combine(prefix, "logs", "error.log") },
            () => TempFolder.Delete(prefix));
        foreach (var port in ports)
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), () => server._process.Output + ReadLog(prefix));
        return server;
    }

    private static string ReadLog(string prefix)
    {
        var log = Path.Combine(prefix, "logs", "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
    }
}
