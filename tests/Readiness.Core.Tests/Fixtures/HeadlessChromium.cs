using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Readiness.Core.Tests.Fixtures;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket on 127.0.0.1, port chosen by chromium
/// and read from DevToolsActivePort). Enough to open a local file, evaluate JavaScript, click like a user (real mouse
/// events at an element's position) and take a screenshot. Killed and its profile folder removed on dispose.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly ServerProcess _process;
    private readonly ClientWebSocket _socket = new();
    private readonly string _profile;
    private int _nextId;

    private HeadlessChromium(ServerProcess process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>Starts chromium with a fresh profile and no network activity of its own, and attaches to its page.</summary>
    public static async Task<HeadlessChromium> StartAsync(int width = 1280, int height = 900)
    {
        var profile = TempFolder.Create("readiness-chromium-");
        var process = ServerProcess.Start(Executable, new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
        }, cleanup: () => TempFolder.Delete(profile));
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var port = await browser.ReadDevToolsPortAsync();
            using var http = new HttpClient { Timeout = StepTimeout };
            var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list"))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            using var connect = new CancellationTokenSource(StepTimeout);
            await browser._socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), connect.Token);
            await browser.SendAsync("Page.enable");
            await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private async Task<int> ReadDevToolsPortAsync()
    {
        var file = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + StepTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"chromium exited: {_process.Output}");
            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file);
                if (lines.Length > 0 && int.TryParse(lines[0], out var port)) return port;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"chromium wrote no DevToolsActivePort within {StepTimeout.TotalSeconds} s: {_process.Output}");
    }

    /// <summary>Opens a local file and waits until the document has loaded.</summary>
    public async Task OpenAsync(string path)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(path)).AbsoluteUri });
        var deadline = DateTime.UtcNow + StepTimeout;
        while (await EvaluateAsync<string>("document.readyState") != "complete" || await EvaluateAsync<string>("location.protocol") != "file:")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} did not finish loading.");
            await Task.Delay(50);
        }
    }

    /// <summary>Evaluates an expression in the page and returns its value.</summary>
    public async Task<T> EvaluateAsync<T>(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result["exceptionDetails"] is { } error) throw new InvalidOperationException($"JavaScript error in '{expression}': {error.ToJsonString()}");
        var value = result["result"]?["value"];
        return value is null ? default! : value.Deserialize<T>()!;
    }

    /// <summary>Clicks the centre of the first element matching <paramref name="selector"/> with real mouse events.</summary>
    public async Task ClickAsync(string selector)
    {
        var quoted = JsonSerializer.Serialize(selector);
        var box = await EvaluateAsync<double[]?>(
            $"(function(){{var e=document.querySelector({quoted});if(!e)return null;e.scrollIntoView({{block:'center'}});var r=e.getBoundingClientRect();return [r.left+r.width/2,r.top+r.height/2];}})()")
            ?? throw new InvalidOperationException($"No element matches {selector}.");
        foreach (var type in new[] { "mousePressed", "mouseReleased" })
            await SendAsync("Input.dispatchMouseEvent", new JsonObject
            {
                ["type"] = type, ["x"] = box[0], ["y"] = box[1], ["button"] = "left", ["clickCount"] = 1,
            });
    }

    /// <summary>Saves a PNG of the whole page (beyond the viewport).</summary>
    public async Task ScreenshotAsync(string path)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)result["data"]!));
    }

    /// <summary>Sends one DevTools command and waits for its answer (events in between are skipped).</summary>
    public async Task<JsonNode> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        using var timeout = new CancellationTokenSource(StepTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var received = new MemoryStream();
            WebSocketReceiveResult part;
            do
            {
                part = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (part.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("chromium closed the DevTools connection.");
                received.Write(buffer, 0, part.Count);
            } while (!part.EndOfMessage);
            var answer = JsonNode.Parse(received.ToArray())!;
            if ((int?)answer["id"] != id) continue;
            if (answer["error"] is { } error) throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
            return answer["result"] ?? new JsonObject();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
            }
        }
        catch (Exception) { /* the process is killed next anyway */ }
        _socket.Dispose();
        await _process.DisposeAsync();
    }
}

/// <summary>A test that needs chromium; skipped with a message saying how to get it when it is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!HeadlessChromium.IsInstalled)
            Skip = $"{HeadlessChromium.Executable} is not installed: apt-get install chromium (.ci/run installs it).";
    }
}
